"""The session and speaker admins: search by speaker, readable times, kinds and honours in the organiser's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Model
from django.urls import reverse

from sessions.models import Session
from tests.factories import SessionSpeakerFactory


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
def test_session_changelist_search_by_speaker_and_filter_by_edition(admin_client, editions) -> None:
    role = SessionSpeakerFactory(speaker__name_zh_hans="潘建伟", speaker__name_en="Pan Jianwei")
    response = admin_client.get(_url(Session, "changelist"), {"q": "潘建伟"})
    assert list(response.context["cl"].result_list) == [role.session]

    edition = editions[0]
    response = admin_client.get(_url(Session, "changelist"), {"edition__id__exact": edition.pk})
    assert set(response.context["cl"].result_list) == set(Session.objects.filter(edition=edition))
    assert response.context["cl"].result_count == 2  # its sub-forum session and its plenary


@pytest.mark.django_db
def test_session_changelist_shows_readable_times_and_speakers(admin_client) -> None:
    role = SessionSpeakerFactory(
        speaker__name_en="Pan Jianwei",
        session__start=dt.datetime(2030, 7, 6, 1, 0, tzinfo=dt.UTC),  # 09:00 in Shanghai
        session__end=dt.datetime(2030, 7, 6, 1, 30, tzinfo=dt.UTC),
    )
    response = admin_client.get(_url(Session, "changelist"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "2030-07-06 09:00\u201309:30" in body
    assert role.speaker.name_en in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "keynote", "academician"), [("en", "Keynote", "Academician"), ("zh-hans", "主旨报告", "院士")]
)
def test_session_kinds_and_honours_in_the_organisers_language(admin_client, language, keynote, academician) -> None:
    role = SessionSpeakerFactory(session__kind="keynote", speaker__honour="academician")
    sessions = admin_client.get(_url(Session, "changelist"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    speakers = admin_client.get(_url(type(role.speaker), "changelist"), HTTP_ACCEPT_LANGUAGE=language)
    assert f'<td class="field-kind">{keynote}</td>' in sessions
    assert academician in speakers.content.decode()
