# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""After a published change that touches them, speakers get the notice in the language they chose."""

from __future__ import annotations

import datetime as dt

import pytest

from notifications.services import publish_and_notify
from outbox.models import OutboxMessage
from speakers.models import SpeakerProfile
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_the_change_notice_is_in_the_speakers_own_language(django_capture_on_commit_callbacks) -> None:
    edition = EditionFactory(title_zh_hans="第19届论坛", title_en="19th Forum")
    session = SessionFactory(edition=edition, title_en="Quantum links", title_zh_hans="量子互联")
    english = SpeakerFactory(email="en@example.org")
    chinese = SpeakerFactory(email="zh@example.org")
    unknown = SpeakerFactory(email="both@example.org")
    for speaker in (english, chinese, unknown):
        SessionSpeakerFactory(session=session, speaker=speaker)
    SpeakerProfile.objects.create(speaker=english, language="en")
    SpeakerProfile.objects.create(speaker=chinese, language="zh-hans")
    publish_and_notify(edition=edition)
    session.start += dt.timedelta(hours=1)
    session.end += dt.timedelta(hours=1)
    session.save()
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=edition)

    notices = {m.recipient: m for m in OutboxMessage.objects.filter(kind="agenda_change")}
    assert notices["en@example.org"].language == "en"
    assert notices["en@example.org"].subject == "[19th Forum] Agenda updated (version 2): changes to your sessions"
    assert "量子互联" not in notices["en@example.org"].body_text
    assert notices["zh@example.org"].language == "zh-hans"
    assert notices["zh@example.org"].subject == "【第19届论坛】议程已更新（第2版）：您的日程有变动"
    assert "Quantum links" not in notices["zh@example.org"].body_text
    both = notices["both@example.org"]
    assert "量子互联" in both.body_text
    assert "Quantum links" in both.body_text
