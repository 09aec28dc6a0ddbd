"""Factories for the speakers' records."""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sessions.enums import SpeakerRole
from speakers.enums import InvitationStatus
from speakers.models import Invitation, SpeakerProfile
from tests.factories import SessionFactory, SpeakerFactory


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    session = factory.SubFactory(SessionFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    name = factory.Sequence(lambda n: f"李{n}")
    role = SpeakerRole.SPEAKER
    language = "zh-hans"
    status = InvitationStatus.SENT
    sent_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(lambda o: o.sent_at + dt.timedelta(days=14))


class SpeakerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerProfile

    speaker = factory.SubFactory(SpeakerFactory)


def pdf_upload(name: str = "slides.pdf", size: int = 0) -> SimpleUploadedFile:
    """A small PDF (a real header; padded to ``size`` bytes when given)."""
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    return SimpleUploadedFile(name, body + b"0" * max(0, size - len(body)), content_type="application/pdf")
