"""Uploaded pictures (speaker photos): checked, then drawn anew so that nothing but the picture is kept.

A file is refused unless Pillow reads it as a JPEG, PNG or WebP within
``IMAGE_UPLOAD_MAX_BYTES`` and ``IMAGE_UPLOAD_MAX_PIXELS`` (checked from the
header, before decoding: a small file can claim a huge picture). What is kept
is a fresh encoding of its pixels — turned upright by its EXIF orientation,
scaled down to ``IMAGE_MAX_SIDE``, without metadata (location, camera) or
anything appended to the file.
"""

from __future__ import annotations

import io
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}


def check_image(upload: UploadedFile) -> Image.Image:
    """The upload as an opened (not yet decoded) picture, or a ValidationError saying what is wrong."""
    if upload.size > settings.IMAGE_UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; a picture may have at most %(limit)s MB."),
            code="too_big",
            params={"size": f"{upload.size / 1e6:.1f}", "limit": f"{settings.IMAGE_UPLOAD_MAX_BYTES / 1e6:g}"},
        )
    upload.seek(0)
    try:
        picture = Image.open(upload)
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationError(
            _("This file is not a picture. Please upload a JPEG, PNG or WebP image."), code="not_an_image"
        ) from exc
    if picture.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Pictures in %(format)s are not accepted. Please upload a JPEG, PNG or WebP image."),
            code="format",
            params={"format": picture.format},
        )
    width, height = picture.size
    if width * height > settings.IMAGE_UPLOAD_MAX_PIXELS:
        raise ValidationError(
            _("This picture is %(width)s by %(height)s pixels; at most %(limit)s million pixels are accepted."),
            code="too_many_pixels",
            params={"width": width, "height": height, "limit": f"{settings.IMAGE_UPLOAD_MAX_PIXELS / 1e6:g}"},
        )
    return picture


def reencode(upload: UploadedFile) -> SimpleUploadedFile:
    """The checked upload drawn anew: upright, at most IMAGE_MAX_SIDE, JPEG (PNG when transparent), no metadata."""
    picture = check_image(upload)
    try:
        picture.load()
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This picture could not be read; it may be damaged."), code="damaged") from exc
    picture = ImageOps.exif_transpose(picture)
    picture.thumbnail((settings.IMAGE_MAX_SIDE, settings.IMAGE_MAX_SIDE))
    transparent = picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info)
    out = io.BytesIO()
    if transparent:
        picture.convert("RGBA").save(out, format="PNG", optimize=True)
        suffix, content_type = ".png", "image/png"
    else:
        picture.convert("RGB").save(out, format="JPEG", quality=88, optimize=True)
        suffix, content_type = ".jpg", "image/jpeg"
    name = PurePath(upload.name or "picture").stem[:80] + suffix
    return SimpleUploadedFile(name, out.getvalue(), content_type=content_type)
