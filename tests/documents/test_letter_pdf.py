"""An invitation letter to 王𠈌, as a reader sees it: every glyph printed, the font embedded,
the QR code leading to the verification page; in Chinese and in English."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from documents.enums import DocumentKind
from documents.models import DocumentFile, LetterTemplate
from documents.pdf.fonts import EMBEDDED_NAME, SERIF_CJK
from documents.services import issue_document
from documents.verification import verify_url
from tests.documents.glyphs import drawn_from_font, overlap
from tests.documents.pdf_tools import embedded_fonts, pages_as_images, qr_codes, text_of, tool

pytestmark = pytest.mark.django_db
DPI = 200


def _word_box(pdf: bytes, word: str, tmp_path: Path) -> tuple[float, float, float, float]:
    """Where pdftotext finds ``word`` on the first page, in points: (left, top, right, bottom)."""
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(  # noqa: S603
        [tool("pdftotext"), "-bbox", "-f", "1", "-l", "1", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    word_pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    for match in re.finditer(word_pattern, html):
        if match[5] == word:
            return float(match[1]), float(match[2]), float(match[3]), float(match[4])
    raise AssertionError(f"{word} is not a word of the letter: {html}")


def _letter(programme, **template_fields) -> dict[str, bytes]:
    if template_fields:
        LetterTemplate.objects.create(forum=programme.edition.forum, kind=DocumentKind.INVITATION, **template_fields)
    document = issue_document(edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION)
    files = {f.language: bytes(f.content) for f in DocumentFile.objects.filter(document=document)}
    assert set(files) == {code for code, _name in settings.LANGUAGES}
    return document, files


def test_the_rare_name_prints_with_its_own_glyphs_in_the_letter(programme, tmp_path) -> None:
    # The name stands alone on its line, so pdftotext finds it as one word.
    _document, files = _letter(
        programme,
        title_zh_hans="邀请函",
        title_en="Letter of Invitation",
        body_zh_hans="{name}\n\n{affiliation}",
        body_en="{name}",
        signatory_zh_hans="组委会",
        signatory_en="The organising committee",
    )
    pdf = files["zh-hans"]
    left, top, right, bottom = _word_box(pdf, "王𠈌", tmp_path)
    printed = pages_as_images(pdf, dpi=600, area=(left - 1, top - 1, right + 1, bottom + 1))[0]
    printed.save(tmp_path / "name.png")
    assert overlap(printed, drawn_from_font("王𠈌", SERIF_CJK)) > 0.8
    # A tofu box in place of 𠈌, or another character, would look like these; the printed name does not.
    for unlike in ("王\U000e01ef", "王堃"):
        assert overlap(printed, drawn_from_font(unlike, SERIF_CJK)) < 0.6, unlike
    assert "堃喆昇龑研究院" in text_of(pdf)


@pytest.mark.parametrize(("language", "name"), [("zh-hans", "王𠈌"), ("en", "Wang Yan")])
def test_the_letter_embeds_the_shipped_font_and_only_it(programme, language, name) -> None:
    document, files = _letter(programme)
    pdf = files[language]
    fonts = embedded_fonts(pdf)
    assert fonts, "no font in the letter"
    assert {f["name"].split("+")[-1] for f in fonts} == {EMBEDDED_NAME}
    assert {f["emb"] for f in fonts} == {"yes"}
    text = text_of(pdf)
    assert name in text
    assert document.number in text


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_qr_code_opens_the_verification_page(client, programme, language) -> None:
    document, files = _letter(programme)
    (page,) = pages_as_images(files[language], dpi=DPI)
    assert qr_codes(page) == [verify_url(document.public_id)]
    path = urlsplit(qr_codes(page)[0]).path
    response = client.get(path, headers={"accept-language": language})
    assert response.status_code == 200
    body = response.content.decode()
    assert document.number in body
    assert ("王𠈌" if language == "zh-hans" else "Wang Yan") in body


def test_a_tampered_verification_address_is_404(client, programme) -> None:
    document, _files = _letter(programme)
    path = urlsplit(verify_url(document.public_id)).path
    token = path.rstrip("/").rsplit("/", 1)[1]
    public_id, signature = token.split(":")
    other = f"{'0' if public_id[0] != '0' else '1'}{public_id[1:]}"
    for forged in (f"{other}:{signature}", f"{public_id}:{signature[:-1]}x", public_id, "nonsense"):
        assert client.get(path.replace(token, forged)).status_code == 404, forged
    assert client.get(path).status_code == 200
