"""What the public sees of a speaker: the biography and photo only with their consent; the contact
e-mail and travel needs never — not on a page, in the API, the agenda the embed reads, or an export."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from notifications.services import publish_and_notify
from speakers import services, tokens
from speakers.models import TravelPlan
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SpeakerFactory
from tests.speakers.conftest import picture

pytestmark = pytest.mark.django_db

BIOGRAPHY = "长期从事深海探测研究。"
PRIVATE = ("private.contact@example.org", "G7123-SECRET", "不吃香菜-SECRET")


@pytest.fixture
def speaker_on_agenda():
    edition = EditionFactory()
    speaker = SpeakerFactory(
        email=PRIVATE[0], biography_zh_hans=BIOGRAPHY, publish_biography=False, publish_photo=False
    )
    services.set_photo(speaker=speaker, upload=picture())
    SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker=speaker)
    TravelPlan.objects.create(speaker=speaker, edition=edition, arrival_number=PRIVATE[1], dietary_needs=PRIVATE[2])
    return edition, speaker


def _public_texts(client, edition, speaker) -> dict[str, str]:
    publish_and_notify(edition=edition)
    texts = {
        "page": client.get(f"/e/{edition.slug}/speakers/{speaker.slug}/", HTTP_ACCEPT_LANGUAGE="zh-hans"),
        "list": client.get(f"/e/{edition.slug}/speakers/", HTTP_ACCEPT_LANGUAGE="zh-hans"),
        "api": client.get(f"/api/v1/speakers/{speaker.slug}/", HTTP_ACCEPT_LANGUAGE="zh-hans"),
        "agenda api (the embed's source)": client.get(f"/api/v1/editions/{edition.slug}/agenda/"),
        "json export": client.get(f"/api/v1/editions/{edition.slug}/agenda/export/json/"),
        "embed": client.get(f"/api/embed/{edition.slug}/"),
    }
    for name, response in texts.items():
        assert response.status_code == 200, name
    return {
        name: (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        for name, response in texts.items()
    }


def test_without_consent_neither_biography_nor_photo_is_public(client, speaker_on_agenda) -> None:
    edition, speaker = speaker_on_agenda
    texts = _public_texts(client, edition, speaker)
    for name, text in texts.items():
        assert BIOGRAPHY not in text, name
        assert speaker.photo.url not in text, name
        for private in PRIVATE:
            assert private not in text, name
    assert speaker.name_zh_hans in texts["page"]  # the person is still on the programme
    assert json.loads(texts["api"])["photo"] is None


def test_the_speakers_own_consent_makes_them_public(client, speaker_on_agenda) -> None:
    edition, speaker = speaker_on_agenda
    profile = services.ensure_profile(speaker=speaker)
    client.post(
        reverse("speakers:consent", kwargs={"token": tokens.profile_token(profile)}),
        {"consent-biography": "on", "consent-photo": "on"},
    )
    texts = _public_texts(client, edition, speaker)
    for name in ("page", "api", "agenda api (the embed's source)", "json export"):
        assert BIOGRAPHY in texts[name], name
    assert speaker.photo.url in texts["page"]
    assert speaker.photo.url in texts["list"]
    for name, text in texts.items():
        for private in PRIVATE:
            assert private not in text, name


def test_withdrawing_consent_hides_the_photo_again(client, speaker_on_agenda) -> None:
    edition, speaker = speaker_on_agenda
    services.record_consents(speaker=speaker, answers={"photo": True}, language="en")
    services.record_consents(speaker=speaker, answers={"photo": False}, language="en")
    texts = _public_texts(client, edition, speaker)
    assert speaker.photo.url not in texts["page"]
