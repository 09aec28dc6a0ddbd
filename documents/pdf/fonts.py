"""The fonts shipped with the project, for every printed document.

Noto Serif CJK SC (SIL Open Font License, ``documents/fonts/LICENSE``) holds the
Han characters of Chinese names, rare ones included (𠈌, 堃, 喆, 龑), and Latin
text; ``scripts/build-cjk-font.py`` says how the file was made. No system font
is used: a machine without any CJK font prints the same PDF.
"""

from __future__ import annotations

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
SERIF_CJK = FONT_DIR / "NotoSerifCJKsc-Regular.otf"
FAMILY = "Agora Serif"
# The name the font carries inside the PDF (pdffonts lists it after a subset tag): the family's,
# which no font of the machine has, so a glyph drawn from any other font would show another name.
EMBEDDED_NAME = "Agora-Serif"


def font_face_css() -> str:
    """The @font-face rule naming the shipped font (one regular face: titles are set larger, not bolder)."""
    return f'@font-face {{ font-family: "{FAMILY}"; src: url("{SERIF_CJK.as_uri()}"); }}\n'
