# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""Consent given on paper or by e-mail: an organiser records it (who, when, the wording), it is
kept apart from the speaker's own answers, the public pages follow it, and bad input is named."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.enums import Verb
from audit.models import AuditEntry
from forums.enums import ForumTeamRole
from notifications.services import publish_and_notify
from speakers import services, tokens
from speakers.enums import ConsentSource
from speakers.models import Consent, SpeakerProfile
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
)
from tests.speakers.conftest import picture

pytestmark = pytest.mark.django_db

WORDING = "本人同意主办方在论坛网站发布本人照片及简介。（2026年7月1日签字）"


@pytest.fixture
def on_agenda():
    edition = EditionFactory()
    speaker = SpeakerFactory(biography_zh_hans="深海探测专家。", publish_biography=False, publish_photo=False)
    services.set_photo(speaker=speaker, upload=picture())
    SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker=speaker)
    return edition, speaker


def _record(speaker) -> str:
    return reverse("admin:speakers_consent_record", args=[speaker.pk])


def _paper(**overrides) -> dict:
    return {
        "biography": "yes",
        "photo": "yes",
        "recording": "no",
        "source": "paper",
        "given_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "language": "zh-hans",
        "wording": WORDING,
        "reference": "签字表 第3号",
    } | overrides


def _organiser(client, edition):
    user = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.ORGANISER).user
    client.force_login(user)
    return user


def test_a_consent_on_paper_is_recorded_with_who_when_and_the_wording(client, on_agenda) -> None:
    edition, speaker = on_agenda
    user = _organiser(client, edition)
    response = client.post(_record(speaker), _paper(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    rows = {c.subject: c for c in Consent.objects.filter(speaker=speaker)}
    assert {s: c.granted for s, c in rows.items()} == {"biography": True, "photo": True, "recording": False}
    for consent in rows.values():
        assert consent.source == ConsentSource.PAPER
        assert consent.recorded_by == user
        assert consent.given_on == timezone.localdate() - dt.timedelta(days=3)
        assert consent.wording == WORDING
        assert consent.reference == "签字表 第3号"
    speaker.refresh_from_db()
    assert (speaker.publish_biography, speaker.publish_photo) == (True, True)
    assert SpeakerProfile.objects.get(speaker=speaker).publish_recording is False
    entry = AuditEntry.objects.get(verb=Verb.CHANGED, object_id=str(speaker.pk), actor=user)
    assert entry.detail["source"] == "paper"


def test_the_public_pages_follow_a_consent_on_paper(client, on_agenda) -> None:
    edition, speaker = on_agenda
    page = f"/e/{edition.slug}/speakers/{speaker.slug}/"
    publish_and_notify(edition=edition)
    before = client.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert speaker.photo.url not in before
    assert "深海探测专家。" not in before
    _organiser(client, edition)
    client.post(_record(speaker), _paper(biography="", recording=""))
    client.logout()
    after = client.get(page, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert speaker.photo.url in after
    assert "深海探测专家。" not in after  # only the photo was on the paper


def test_the_speaker_sees_which_answers_the_organisers_recorded(client, on_agenda) -> None:
    edition, speaker = on_agenda
    _organiser(client, edition)
    client.post(_record(speaker), _paper(biography="", recording="", source="email"))
    client.logout()
    profile = SpeakerProfile.objects.get(speaker=speaker)
    page = client.get(
        reverse("speakers:profile", kwargs={"token": tokens.profile_token(profile)}), HTTP_ACCEPT_LANGUAGE="en"
    )
    given = page.context["given_elsewhere"]
    assert [(c.subject, c.source) for c in given] == [("photo", "email")]
    day = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    assert f"By e-mail, recorded by the organisers, given on {day}." in page.content.decode()
    # The speaker's own answer replaces it, and is no longer shown as given elsewhere.
    client.post(reverse("speakers:consent", kwargs={"token": tokens.profile_token(profile)}), {})
    assert Consent.objects.filter(speaker=speaker, subject="photo").first().source == ConsentSource.OWN_PAGE
    again = client.get(reverse("speakers:profile", kwargs={"token": tokens.profile_token(profile)}))
    assert again.context["given_elsewhere"] == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"biography": "", "photo": "", "recording": ""}, "__all__", "Give at least one answer: agreed or refused."),
        ({"given_on": "2999-01-01"}, "given_on", "The date cannot be in the future."),
        ({"given_on": "yesterday"}, "given_on", "Enter a valid date."),
        ({"wording": ""}, "wording", "This field is required."),
        ({"photo": "maybe"}, "photo", "Select a valid choice. maybe is not one of the available choices."),
        ({"source": "own_page"}, "source", "Select a valid choice. own_page is not one of the available choices."),
    ],
)
def test_bad_input_is_named_and_nothing_is_recorded(client, on_agenda, overrides, field, message) -> None:
    edition, speaker = on_agenda
    _organiser(client, edition)
    response = client.post(_record(speaker), _paper(**overrides), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Consent.objects.exists()


def test_the_form_speaks_chinese(client, on_agenda) -> None:
    edition, speaker = on_agenda
    _organiser(client, edition)
    response = client.post(_record(speaker), _paper(given_on="2999-01-01"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.context["form"].errors["given_on"] == ["日期不能晚于今天。"]


def test_the_overview_links_the_record_page(client, on_agenda) -> None:
    edition, speaker = on_agenda
    _organiser(client, edition)
    page = client.get(reverse("admin:speakers_overview", args=[edition.pk])).content.decode()
    assert _record(speaker) in page
