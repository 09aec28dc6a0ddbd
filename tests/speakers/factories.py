"""Factories for the speakers' records."""

from __future__ import annotations

import datetime as dt

import factory
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
