"""Speaker photos: anything but a picture, or a too large one, is refused with a reason; what is
kept is the picture drawn anew (upright, bounded, without metadata or appended bytes)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sessions.models import Speaker
from tests.admin_post import changeform_data
from tests.factories import SpeakerFactory

pytestmark = pytest.mark.django_db


def _jpeg(width: int, height: int, *, exif_orientation: int | None = None, trailer: bytes = b"") -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    if exif_orientation:
        exif[0x0112] = exif_orientation
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format="JPEG", exif=exif)
    return out.getvalue() + trailer


def _upload(admin_client, speaker: Speaker, content: bytes, name: str = "photo.jpg"):
    url = f"/admin/forum_sessions/speaker/{speaker.pk}/change/"
    data = changeform_data(admin_client.get(url))
    data["photo"] = SimpleUploadedFile(name, content, content_type="image/jpeg")
    return admin_client.post(url, data)


def test_a_file_that_is_no_picture_is_refused_with_a_reason(admin_client) -> None:
    speaker = SpeakerFactory()
    response = _upload(admin_client, speaker, b"%PDF-1.7 not a picture", name="cv.jpg")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["photo"]
    assert any("JPEG, PNG or WebP" in e or "JPEG、PNG 或 WebP" in e for e in errors)
    speaker.refresh_from_db()
    assert not speaker.photo


def test_too_many_bytes_or_pixels_are_refused(admin_client, settings) -> None:
    speaker = SpeakerFactory()
    settings.IMAGE_UPLOAD_MAX_BYTES = 1_000
    assert "photo" in _upload(admin_client, speaker, _jpeg(400, 400)).context["adminform"].form.errors
    settings.IMAGE_UPLOAD_MAX_BYTES = 5_000_000
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100 * 100
    assert "photo" in _upload(admin_client, speaker, _jpeg(101, 100)).context["adminform"].form.errors
    speaker.refresh_from_db()
    assert not speaker.photo


def test_the_kept_photo_is_the_picture_alone(admin_client, settings) -> None:
    settings.IMAGE_MAX_SIDE = 300
    speaker = SpeakerFactory()
    # Stored sideways with an orientation tag, a camera make, and bytes appended after the picture.
    upload = _jpeg(600, 400, exif_orientation=6, trailer=b"<?php system($_GET['c']); ?>")
    response = _upload(admin_client, speaker, upload)
    assert response.status_code == 302
    speaker.refresh_from_db()
    kept = speaker.photo.read()
    assert b"<?php" not in kept
    assert b"SecretCam" not in kept
    picture = Image.open(io.BytesIO(kept))
    assert picture.format == "JPEG"
    assert picture.size == (200, 300)  # turned upright (portrait), then scaled to the longest side 300
    assert not picture.getexif()
