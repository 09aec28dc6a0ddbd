"""Pictures for a document, as data URIs: uploaded images and QR codes."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

import segno
from django.db.models.fields.files import FieldFile

ASSET_DIR = Path(__file__).resolve().parent / "assets"


def image_data_uri(image: FieldFile | None) -> str:
    """An uploaded picture (already checked and re-encoded on upload) as a data URI; "" when there is none."""
    if not image:
        return ""
    with image.open("rb") as handle:
        data = handle.read()
    content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI (medium error correction, a quiet zone of four modules)."""
    return segno.make(text, error="m").svg_data_uri(scale=4, border=4)


def stylesheet(name: str) -> Path:
    """A stylesheet of the engine (``documents/pdf/assets/<name>``)."""
    return ASSET_DIR / name
