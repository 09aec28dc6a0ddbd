"""The PDF engine prints every character of a Chinese name with the shipped font, and loads nothing else."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from weasyprint.urls import FatalURLFetchingError

from documents.pdf.fonts import EMBEDDED_NAME, SERIF_CJK
from documents.pdf.render import print_html
from tests.documents.glyphs import drawn_from_font, overlap
from tests.documents.pdf_tools import embedded_fonts, pages_as_images, text_of

RARE = "𠈌堃喆昇龑"
NOT_IN_ANY_FONT = "\U000e01ef"  # a variation selector's neighbour with no glyph: drawn as .notdef


def _printed(char: str) -> bytes:
    return print_html(f'<p style="font-size: 96pt; margin: 0">{char}</p>')


@pytest.mark.parametrize("char", RARE)
def test_a_rare_character_prints_its_own_glyph_from_the_shipped_font(char) -> None:
    pdf = _printed(char)
    page = pages_as_images(pdf, dpi=100)[0]
    own = overlap(page, drawn_from_font(char, SERIF_CJK))
    others = [overlap(page, drawn_from_font(other, SERIF_CJK)) for other in RARE if other != char]
    assert own > 0.85, f"{char} printed unlike its glyph ({own:.2f})"
    assert own > max(others) + 0.2, f"{char} printed like another glyph ({own:.2f} vs {max(others):.2f})"
    assert text_of(pdf).strip() == char
    fonts = embedded_fonts(pdf)
    assert [f["name"].split("+")[-1] for f in fonts] == [EMBEDDED_NAME]
    assert fonts[0]["emb"] == "yes"


def test_the_glyph_comparison_tells_a_missing_glyph_from_the_real_one() -> None:
    """The check above would fail on a tofu box: the font's .notdef glyph is far from 𠈌."""
    notdef = drawn_from_font(NOT_IN_ANY_FONT, SERIF_CJK)
    assert overlap(notdef, drawn_from_font("𠈌", SERIF_CJK)) < 0.5


def test_the_shipped_font_holds_every_rare_character() -> None:
    cmap = TTFont(SERIF_CJK, lazy=True).getBestCmap()
    assert all(ord(char) in cmap for char in RARE + "王张陈李刘")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/secret.png",
        "file:///etc/hostname",
        "ftp://example.org/a.png",
    ],
)
def test_a_document_loads_nothing_from_outside_the_project(url) -> None:
    with pytest.raises(FatalURLFetchingError):
        print_html(f'<img src="{url}">')
