"""Comparing a printed character with its glyph drawn straight from the font (Pillow/FreeType).

Both are reduced to their ink: cropped to the ink's bounding box, scaled to a
square and thresholded and its strokes thickened a little; the overlap (intersection over union) of two drawings of
the same glyph is close to 1, of different glyphs far lower.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

SIZE = 48


def ink(image: Image.Image) -> Image.Image:
    """The ink of a greyscale picture (dark on light), cropped and scaled to SIZE by SIZE, as a 0/255 mask."""
    mask = image.convert("L").point(lambda value: 255 if value < 160 else 0)
    box = mask.getbbox()
    assert box is not None, "nothing printed"
    scaled = mask.crop(box).resize((SIZE, SIZE)).point(lambda value: 255 if value >= 128 else 0)
    # Strokes a pixel or two wide at print sizes: thickened, a shift of a pixel is not a difference.
    return scaled.filter(ImageFilter.MaxFilter(3))


def overlap(a: Image.Image, b: Image.Image) -> float:
    first, second = ink(a).tobytes(), ink(b).tobytes()
    both = sum(1 for x, y in zip(first, second, strict=True) if x and y)
    either = sum(1 for x, y in zip(first, second, strict=True) if x or y)
    return both / either


def drawn_from_font(text: str, font_file: Path, *, size: int = 160) -> Image.Image:
    """``text`` drawn by FreeType from the font file itself, black on white."""
    font = ImageFont.truetype(str(font_file), size)
    left, top, right, bottom = font.getbbox(text)
    picture = Image.new("L", (right - left + 40, bottom - top + 40), 255)
    ImageDraw.Draw(picture).text((20 - left, 20 - top), text, font=font, fill=0)
    return picture
