from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sessions.enums import SpeakerRole
from speakers import invitations
from speakers.models import SpeakerProfile
from tests.factories import SessionFactory


def picture(width: int = 900, height: int = 900, fmt: str = "PNG", name: str = "me.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def accepted(db) -> SpeakerProfile:
    """A new person invited as panelist, who accepted: their profile (with the speaker)."""
    invitation = invitations.invite_speaker(
        session=SessionFactory(), role=SpeakerRole.PANELIST, email="li.hua@example.org", name="李华"
    )
    invitation = invitations.accept_invitation(invitation=invitation)
    return SpeakerProfile.objects.select_related("speaker").get(speaker_id=invitation.speaker_id)
