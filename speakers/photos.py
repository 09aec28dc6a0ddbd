"""Speakers' photos: checked and re-encoded by ``sessions.images``, then cropped to the standard portrait.

Every photo on a programme, badge or speaker page then has the same shape: 3:4,
``PHOTO_SIZE`` pixels, cut around the centre (faces are rarely at the edge).
"""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import Image, ImageOps

from sessions.images import reencode

PHOTO_SIZE = (600, 800)  # width, height


def standard_portrait(upload: UploadedFile) -> SimpleUploadedFile:
    """The upload as a 600 by 800 JPEG portrait; a ValidationError (from sessions.images) when it is no picture."""
    cleaned = reencode(upload)
    with Image.open(io.BytesIO(cleaned.read())) as picture:
        if picture.mode in ("RGBA", "LA", "P"):
            background = Image.new("RGB", picture.size, "white")
            background.paste(picture.convert("RGBA"), mask=picture.convert("RGBA").getchannel("A"))
            picture = background
        portrait = ImageOps.fit(picture.convert("RGB"), PHOTO_SIZE, method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    portrait.save(out, format="JPEG", quality=88, optimize=True)
    name = PurePath(upload.name or "photo").stem[:80] + ".jpg"
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
