# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
import base64
import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendees.enums import ChoiceStatus, RegistrationStatus
from notifications import reminders, tasks
from notifications.enums import ReminderAnchor, ReminderAudience
from outbox import services as outbox_services
from outbox.models import OutboxMessage
from tests.factories import (
    EDITION_START,
    EditionFactory,
    RegistrationFactory,
    SessionFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)
from tests.notifications.factories import ReminderTemplateFactory, bilingual_rule

DAY_BEFORE = EDITION_START - dt.timedelta(hours=23)


def reminder_rows() -> dict[str, OutboxMessage]:
    return {m.recipient: m for m in OutboxMessage.objects.filter(kind="reminder")}


@pytest.fixture
def edition():
    return EditionFactory(title_zh_hans="第19届长三角科技论坛", title_en="19th Yangtze River Delta S&T Forum")


@pytest.mark.django_db
def test_reminder_in_each_language_with_placeholders_and_edition_time(edition) -> None:
    sub_forum = SubForumFactory(edition=edition, title_zh_hans="院士论坛", title_en="Academician Forum")
    zh = RegistrationFactory(edition=edition, name="王小明", language="zh-hans")
    en = RegistrationFactory(edition=edition, name="Ada O'Brien", language="en")
    SubForumChoiceFactory(registration=zh, sub_forum=sub_forum)
    SubForumChoiceFactory(registration=en, sub_forum=sub_forum)
    bilingual_rule(edition=edition)

    assert reminders.dispatch_due_reminders(now=DAY_BEFORE) == 2

    rows = reminder_rows()
    chinese, english = rows[zh.email], rows[en.email]
    assert chinese.language == "zh-hans"
    assert chinese.subject == "提醒：第19届长三角科技论坛 即将开始"
    room = sub_forum.room.name_zh_hans
    assert chinese.body_text == (
        "王小明，您好：第19届长三角科技论坛将于2030年7月6日 09:00 (Asia/Shanghai)开始。"
        f"分论坛：院士论坛，地点：{room}。"
    )
    assert english.language == "en"
    assert english.subject == "Reminder: 19th Yangtze River Delta S&T Forum starts soon"
    # Plain text is not HTML-escaped; the HTML body is, and {{ start|date }} is in the edition's zone.
    assert "Dear Ada O'Brien, 19th Yangtze River Delta S&T Forum starts at 6 July 2030, 09:00 (Asia/Shanghai)" in (
        english.body_text
    )
    assert f"Code {en.code}." in english.body_text
    assert english.body_html == "<p>Dear Ada O&#x27;Brien, 19th Yangtze River Delta S&amp;T Forum starts at 09:00.</p>"


@pytest.mark.django_db
def test_reminder_times_follow_the_editions_time_zone() -> None:
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    edition = EditionFactory(time_zone="Europe/Berlin", start=dt.datetime(2030, 3, 31, 10, 0, tzinfo=berlin))
    registration = RegistrationFactory(edition=edition, language="en")
    bilingual_rule(edition=edition)
    reminders.dispatch_due_reminders(now=edition.start - dt.timedelta(hours=2))
    body = reminder_rows()[registration.email].body_text
    # 10:00 CEST on the day summer time starts (08:00 UTC, 16:00 in Shanghai).
    assert "starts at 31 March 2030, 10:00 (Europe/Berlin)" in body


@pytest.mark.django_db
def test_reminder_carries_an_ics_of_the_attendees_own_sessions(edition) -> None:
    mine, other = SubForumFactory(edition=edition), SubForumFactory(edition=edition)
    plenary = SessionFactory(edition=edition, title_en="Opening")
    in_mine = SessionFactory(
        edition=edition, sub_forum=mine, title_en="Mine", start=EDITION_START + dt.timedelta(hours=5)
    )
    SessionFactory(edition=edition, sub_forum=other, title_en="Other")
    registration = RegistrationFactory(edition=edition, language="en")
    SubForumChoiceFactory(registration=registration, sub_forum=mine)
    bilingual_rule(edition=edition)
    reminders.dispatch_due_reminders(now=DAY_BEFORE)

    (attachment,) = reminder_rows()[registration.email].attachments
    assert attachment["mimetype"] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(base64.b64decode(attachment["content"]))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Opening", "Mine"}
    start = events["Mine"].decoded("dtstart")
    assert start == in_mine.start
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert (start.hour, start.minute) == (14, 0)
    assert events["Opening"].decoded("dtstart") == plenary.start
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"


@pytest.mark.django_db
def test_each_attendee_gets_each_reminder_once_however_often_the_dispatcher_runs(
    edition, django_capture_on_commit_callbacks, mailoutbox
) -> None:
    RegistrationFactory.create_batch(3, edition=edition)
    bilingual_rule(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.dispatch_reminders() == 0  # today is years before the window
    for minute in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.dispatch_due_reminders(now=DAY_BEFORE + dt.timedelta(minutes=minute))
    assert OutboxMessage.objects.filter(kind="reminder").count() == 3
    assert len(mailoutbox) == 3
    assert len({m.extra_headers["Message-ID"] for m in mailoutbox}) == 3


@pytest.mark.django_db
def test_who_receives_what_by_registration_status(edition) -> None:
    confirmed = RegistrationFactory(edition=edition, status=RegistrationStatus.CONFIRMED)
    checked_in = RegistrationFactory(edition=edition, status=RegistrationStatus.CHECKED_IN)
    for status in (RegistrationStatus.CANCELLED, RegistrationStatus.PENDING, RegistrationStatus.REJECTED):
        RegistrationFactory(edition=edition, status=status)
    waitlisted = RegistrationFactory(edition=edition, status=RegistrationStatus.WAITLISTED)
    rule = bilingual_rule(edition=edition)

    reminders.dispatch_due_reminders(now=DAY_BEFORE)
    assert set(reminder_rows()) == {confirmed.email, checked_in.email}

    ReminderTemplateFactory(
        rule=rule,
        audience=ReminderAudience.WAITLISTED,
        subject="候补提醒",
        body_text="{{ attendee_name }}，您仍在候补名单上。",
    )
    reminders.dispatch_due_reminders(now=DAY_BEFORE + dt.timedelta(minutes=1))
    rows = reminder_rows()
    assert set(rows) == {confirmed.email, checked_in.email, waitlisted.email}
    assert rows[waitlisted.email].subject == "候补提醒"
    assert rows[waitlisted.email].body_text == f"{waitlisted.name}，您仍在候补名单上。"


@pytest.mark.django_db
def test_reminder_outside_its_window_is_not_sent(edition) -> None:
    RegistrationFactory(edition=edition)
    bilingual_rule(edition=edition)
    assert reminders.dispatch_due_reminders(now=EDITION_START - dt.timedelta(days=1, minutes=1)) == 0
    assert reminders.dispatch_due_reminders(now=EDITION_START + dt.timedelta(minutes=1)) == 0
    assert reminders.dispatch_due_reminders(now=EDITION_START - dt.timedelta(minutes=1)) == 1


@pytest.mark.django_db
def test_sub_forum_rule_reaches_only_its_attendees_and_waitlisted_choice_gets_own_text(edition) -> None:
    sub_forum, elsewhere = SubForumFactory(edition=edition), SubForumFactory(edition=edition)
    inside = SubForumChoiceFactory(registration=RegistrationFactory(edition=edition), sub_forum=sub_forum).registration
    waiting = SubForumChoiceFactory(
        registration=RegistrationFactory(edition=edition), sub_forum=sub_forum, status=ChoiceStatus.WAITLISTED
    ).registration
    SubForumChoiceFactory(registration=RegistrationFactory(edition=edition), sub_forum=elsewhere)
    rule = bilingual_rule(
        edition=edition, sub_forum=sub_forum, anchor=ReminderAnchor.SUB_FORUM_START, offset=dt.timedelta(hours=2)
    )
    ReminderTemplateFactory(rule=rule, audience=ReminderAudience.WAITLISTED, subject="候补", body_text="候补中")

    reminders.dispatch_due_reminders(now=sub_forum.start - dt.timedelta(hours=1))
    rows = reminder_rows()
    assert set(rows) == {inside.email, waiting.email}
    assert rows[waiting.email].subject == "候补"
    assert "将于2030年7月6日 14:00 (Asia/Shanghai)开始" in rows[inside.email].body_text


@pytest.mark.django_db
def test_attendee_first_sub_forum_anchor_is_per_attendee(edition) -> None:
    morning = SubForumFactory(edition=edition, start=EDITION_START + dt.timedelta(hours=1))
    evening = SubForumFactory(edition=edition, start=EDITION_START + dt.timedelta(hours=10))
    early = SubForumChoiceFactory(registration=RegistrationFactory(edition=edition), sub_forum=morning).registration
    late = SubForumChoiceFactory(registration=RegistrationFactory(edition=edition), sub_forum=evening).registration
    bilingual_rule(edition=edition, anchor=ReminderAnchor.ATTENDEE_FIRST, offset=dt.timedelta(hours=2))

    reminders.dispatch_due_reminders(now=morning.start - dt.timedelta(minutes=90))
    assert set(reminder_rows()) == {early.email}
    reminders.dispatch_due_reminders(now=evening.start - dt.timedelta(minutes=90))
    rows = reminder_rows()
    assert set(rows) == {early.email, late.email}
    assert "2030年7月6日 19:00" in rows[late.email].body_text


@pytest.mark.django_db
def test_unsubscribed_attendee_gets_no_reminder(edition, django_capture_on_commit_callbacks, mailoutbox) -> None:
    quiet = RegistrationFactory(edition=edition)
    RegistrationFactory(edition=edition)
    outbox_services.unsubscribe(address=quiet.email.upper())
    bilingual_rule(edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        reminders.dispatch_due_reminders(now=DAY_BEFORE)
    assert reminder_rows()[quiet.email].status == "suppressed"
    assert [m.to for m in mailoutbox] == [[e] for e in set(reminder_rows()) - {quiet.email}]


@pytest.mark.django_db
def test_invalid_template_syntax_is_refused_with_the_reason() -> None:
    template = ReminderTemplateFactory.build(
        rule=bilingual_rule(), language="en", audience="waitlisted", body_text="{% if %}"
    )
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "body_text" in error.value.message_dict


@pytest.mark.django_db
def test_dispatch_query_count_does_not_grow_with_recipients(edition) -> None:
    counts = []
    for n in (1, 40):
        other = EditionFactory()
        RegistrationFactory.create_batch(n, edition=other)
        bilingual_rule(edition=other)
        with CaptureQueriesContext(connection) as queries:
            assert reminders.dispatch_rule(rule=other.reminder_rules.get(), now=DAY_BEFORE) == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_admin_preview_renders_for_a_real_registration(admin_client, edition) -> None:
    registration = RegistrationFactory(edition=edition, name="Grace", language="en")
    rule = bilingual_rule(edition=edition)
    response = admin_client.get(f"/admin/notifications/reminderrule/{rule.pk}/preview/?registration={registration.pk}")
    assert response.status_code == 200
    assert response.context["rendered"]["subject"] == "Reminder: 19th Yangtze River Delta S&T Forum starts soon"
    assert "Dear Grace" in response.content.decode()
    waitlist = admin_client.get(
        f"/admin/notifications/reminderrule/{rule.pk}/preview/?registration={registration.pk}&audience=waitlisted"
    )
    assert waitlist.context["rendered"] is None
    assert admin_client.get(f"/admin/notifications/reminderrule/{rule.pk}/change/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "9" * 19, "abc"])
def test_admin_preview_with_an_odd_registration_id_shows_the_first_registration(admin_client, edition, value) -> None:
    RegistrationFactory(edition=edition, name="Grace", language="en")
    rule = bilingual_rule(edition=edition)
    response = admin_client.get(f"/admin/notifications/reminderrule/{rule.pk}/preview/", {"registration": value})
    assert response.status_code == 200
    assert "Dear Grace" in response.content.decode()


@pytest.mark.django_db
def test_admin_preview_refuses_anonymous(client) -> None:
    rule = bilingual_rule()
    response = client.get(f"/admin/notifications/reminderrule/{rule.pk}/preview/")
    assert response.status_code == 302
