"""Build the CJK font shipped in documents/fonts/ from Debian's fonts-noto-cjk.

The documents (invitation letters and later passes, table cards, the handbook)
must print every character of a Chinese name, rare ones too (𠈌, 堃, 喆, 龑), on
any machine, so the font is shipped with the project instead of being looked up
on the system. Noto Serif CJK SC is taken out of Debian's collection
(/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc, package
fonts-noto-cjk 1:20220127) and its Hangul syllables are left out to keep the
file small; every Han character of the font (its CJK Unified Ideographs and
extensions, compatibility ideographs), Latin, Greek, Cyrillic, kana, punctuation
and symbols stay. WeasyPrint embeds only the glyphs a document uses.

Run: .venv/bin/python scripts/build-cjk-font.py  (takes a few minutes)
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
TARGET = Path(__file__).resolve().parent.parent / "documents" / "fonts" / "NotoSerifCJKsc-Regular.otf"
FACE = "Noto Serif CJK SC"
LEFT_OUT = [(0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)]  # Hangul


def main() -> None:
    collection = TTCollection(str(SOURCE))
    font = next(f for f in collection.fonts if f["name"].getDebugName(4) == FACE)
    kept = [cp for cp in font.getBestCmap() if not any(lo <= cp <= hi for lo, hi in LEFT_OUT)]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.drop_tables = ["DSIG"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=kept)
    subsetter.subset(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(TARGET), options)
    print(f"{TARGET}: {TARGET.stat().st_size} bytes, {len(kept)} characters")


if __name__ == "__main__":
    main()
