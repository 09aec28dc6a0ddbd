# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""Before their session, each speaker hears when and where, who moderates, who else is on stage,
and where their materials are; in their language first."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from outbox.models import OutboxMessage
from sessions.enums import SpeakerRole
from speakers import reminders, services
from speakers.models import SpeakerProfile
from tests.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory
from tests.speakers.factories import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    session = SessionFactory(title_zh_hans="圆桌对话：长三角一体化", title_en="Round table: the Delta as one region")
    moderator = SpeakerFactory(name_zh_hans="王主持", name_en="Wang the Moderator", email="mod@example.org")
    first = SpeakerFactory(name_zh_hans="赵一", name_en="Zhao Yi", email="zhao@example.org")
    second = SpeakerFactory(name_zh_hans="钱二", name_en="Qian Er", email="qian@example.org")
    SessionSpeakerFactory(session=session, speaker=moderator, role=SpeakerRole.MODERATOR, order=0)
    SessionSpeakerFactory(session=session, speaker=first, role=SpeakerRole.PANELIST, order=1)
    SessionSpeakerFactory(session=session, speaker=second, role=SpeakerRole.PANELIST, order=2)
    SpeakerProfile.objects.create(speaker=second, language="en")
    services.add_material(speaker=second, session=session, kind="slides", upload=pdf_upload("qian-slides.pdf"))
    return session


def test_speakers_are_reminded_within_the_window_once(settings, panel) -> None:
    settings.SPEAKERS_SESSION_REMINDER_HOURS = 48
    with time_machine.travel(panel.start - dt.timedelta(hours=49), tick=False):
        assert reminders.remind_sessions() == 0
    with time_machine.travel(panel.start - dt.timedelta(hours=47), tick=False):
        assert reminders.remind_sessions() == 3
        reminders.remind_sessions()
    assert OutboxMessage.objects.filter(kind="speakers.session_reminder").count() == 3
    zhao = OutboxMessage.objects.get(kind="speakers.session_reminder", recipient="zhao@example.org")
    assert zhao.language == "zh-hans"
    assert zhao.subject.startswith("您的环节：圆桌对话：长三角一体化")
    chinese = zhao.body_text.split("----")[0]
    assert "主持人： 王主持" in chinese
    assert "同台嘉宾： 钱二" in chinese
    assert "赵一" not in chinese.split("同台嘉宾")[1]
    assert panel.room.name_zh_hans in chinese
    assert "我们尚未收到您的演示文稿。" in chinese
    qian = OutboxMessage.objects.get(kind="speakers.session_reminder", recipient="qian@example.org")
    english = qian.body_text.split("----")[0]
    assert qian.language == "en"
    assert "Moderator: Wang the Moderator" in english
    assert "With: Zhao Yi" in english
    assert "Your materials: qian-slides.pdf" in english
    assert "/speakers/me/" in english


def test_a_moved_session_is_reminded_again_and_a_cancelled_one_not(settings, panel) -> None:
    settings.SPEAKERS_SESSION_REMINDER_HOURS = 48
    with time_machine.travel(panel.start - dt.timedelta(hours=47), tick=False):
        reminders.remind_sessions()
        type(panel).objects.filter(pk=panel.pk).update(
            start=panel.start + dt.timedelta(hours=1), end=panel.end + dt.timedelta(hours=1)
        )
        assert reminders.remind_sessions() == 3
        type(panel).objects.filter(pk=panel.pk).update(is_cancelled=True)
        assert reminders.remind_sessions() == 0
    assert OutboxMessage.objects.filter(kind="speakers.session_reminder").count() == 6
