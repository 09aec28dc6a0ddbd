"""The public registration pages, in both languages, through the test client."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse

from attendees import services, tokens
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration
from forums.enums import EditionStatus
from sessions.services import publish_agenda
from tests.attendees.form_data import registration_form
from tests.factories import (
    EditionFactory,
    EditionOrganisationFactory,
    RegistrationTypeFactory,
    SessionFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _link(body: str, kind: str) -> str:
    match = re.search(rf"http://127\.0\.0\.1:8000(/r/{kind}\S+/)", body)
    assert match, body
    return match.group(1)


@pytest.fixture
def post_registration(client, edition, django_capture_on_commit_callbacks):
    def _post(data, headers=EN):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("attendees:register", args=[edition.slug]), data, **headers)

    return _post


# ------------------------------------------------------------- edition page


@pytest.mark.parametrize(("headers", "expected"), [(EN, "Times in Asia/Shanghai (UTC+08:00)."), (ZH, "时间为")])
def test_edition_page_shows_sub_forums_in_edition_time(client, edition, reg_type, headers, expected):
    EditionOrganisationFactory(
        edition=edition, organisation__name_en="China Association", organisation__name_zh_hans="中国协会"
    )
    SubForumFactory(edition=edition, title_en="AI forum", title_zh_hans="人工智能分论坛", capacity=5)
    response = client.get(reverse("attendees:edition", args=[edition.slug]), **headers)
    body = response.content.decode()
    assert response.status_code == 200
    assert expected in body
    # 09:00 Shanghai + 5h, whatever the server's zone.
    assert "07-06 14:00" in body
    assert f'href="/e/{edition.slug}/agenda/"' in body
    assert f'href="/e/{edition.slug}/register/"' in body
    if headers is EN:
        assert "AI forum" in body
        assert "5 places left" in body
        assert "China Association" in body
    else:
        assert "人工智能分论坛" in body
        assert "剩余 5 个名额" in body
        assert "中国协会" in body


def test_edition_page_full_sub_forum_says_waiting_list(client, edition):
    SubForumFactory(edition=edition, capacity=0)
    response = client.get(reverse("attendees:edition", args=[edition.slug]), **EN)
    assert "waiting list" in response.content.decode()


@pytest.mark.parametrize("count", [1, 8])
def test_edition_page_query_count_constant(client, edition, django_assert_num_queries, count):
    for n in range(count):
        SubForumFactory(edition=edition, start=edition.start + dt.timedelta(hours=n))
        RegistrationTypeFactory(edition=edition)
        EditionOrganisationFactory(edition=edition)
    # edition+forum+venue, organising roles, sub-forums+rooms, registration types
    with django_assert_num_queries(4):
        response = client.get(reverse("attendees:edition", args=[edition.slug]))
    assert response.status_code == 200


def test_edition_page_draft_is_404(client):
    edition = EditionFactory(status=EditionStatus.DRAFT)
    assert client.get(reverse("attendees:edition", args=[edition.slug])).status_code == 404


@pytest.mark.parametrize(
    ("status", "expected"),
    [(EditionStatus.CLOSED, "Registration for this edition is closed."), (EditionStatus.PUBLISHED, "is closed")],
)
def test_closed_edition_says_so_instead_of_form(client, status, expected, reg_type, edition):
    edition.status = status
    edition.save()
    page = client.get(reverse("attendees:edition", args=[edition.slug]), **EN).content.decode()
    assert expected in page
    assert "/register/" not in page
    response = client.post(reverse("attendees:register", args=[edition.slug]), registration_form(reg_type), **EN)
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert Registration.objects.count() == 0


def test_registration_not_yet_open_message_in_chinese(client, edition):
    edition.registration_opens = edition.start - dt.timedelta(days=1)
    edition.save()
    response = client.get(reverse("attendees:register", args=[edition.slug]), **ZH)
    assert "本届论坛尚未开放报名。" in response.content.decode()


# ------------------------------------------------------------ registration


@pytest.mark.parametrize(("headers", "label"), [(EN, "Full name"), (ZH, "姓名")])
def test_register_form_labels_in_visitor_language(client, edition, reg_type, headers, label):
    response = client.get(reverse("attendees:register", args=[edition.slug]), **headers)
    assert response.status_code == 200
    assert f'<label for="id_name">{label}:</label>' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [("en", "Please confirm your registration for", "Dear Li Lei,"), ("zh-hans", "请确认您的", "尊敬的Li Lei：")],  # noqa: RUF001
)
def test_register_sends_confirmation_in_chosen_language_and_link_confirms(
    client, edition, reg_type, sub_forum, post_registration, mailoutbox, language, subject, greeting
):
    response = post_registration(registration_form(reg_type, language=language, sub_forums=[sub_forum.pk]))
    assert response.status_code == 302
    assert "Check your e-mail" in client.get(response["Location"], **EN).content.decode()
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.PENDING
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["li.lei@example.org"]
    assert message.subject.startswith(subject)
    assert greeting in message.body
    assert registration.code in message.body
    confirmed = client.get(_link(message.body, "confirm/"), **EN)
    assert confirmed.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    manage_page = client.get(confirmed["Location"], **EN).content.decode()
    assert "Your registration is confirmed. See you there!" in manage_page
    assert registration.code in manage_page
    # The self-service link in the e-mail works as well.
    assert client.get(_link(message.body, "(?!confirm/)"), **EN).status_code == 200


@pytest.mark.parametrize(
    ("language", "page_says", "held", "waiting"),
    [
        ("en", "These sub-forums are full", "Robots, 01-01 10:00\u201312:00: your place is held", "Chips, 01-01 14:00"),
        ("zh-hans", "以下分论坛名额已满", "机器人, 01-01 10:00\u201312:00: 已为您保留名额", "芯片, 01-01 14:00"),
    ],
)
def test_register_with_a_full_sub_forum_says_which_choice_waits_on_the_page_and_in_the_email(
    client, edition, reg_type, post_registration, mailoutbox, language, page_says, held, waiting
):
    day = dt.datetime(2031, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # the edition's zone
    free = SubForumFactory(
        edition=edition, title_en="Robots", title_zh_hans="机器人", capacity=5,
        start=day.replace(hour=10), end=day.replace(hour=12),
    )  # fmt: skip
    full = SubForumFactory(
        edition=edition, title_en="Chips", title_zh_hans="芯片", capacity=0,
        start=day.replace(hour=14), end=day.replace(hour=16),
    )  # fmt: skip
    headers = EN if language == "en" else ZH
    response = post_registration(registration_form(reg_type, language=language, sub_forums=[free.pk, full.pk]), headers)
    assert response.status_code == 302
    page = client.get(response["Location"], **headers).content.decode()
    assert page_says in page
    assert f"<li>{'Chips' if language == 'en' else '芯片'}</li>" in page
    assert f"<li>{'Robots' if language == 'en' else '机器人'}</li>" not in page
    [message] = mailoutbox
    assert held in message.body
    assert waiting in message.body
    assert Registration.objects.get().status == RegistrationStatus.PENDING


def test_register_overlap_error_in_both_languages_keeps_input(client, edition, reg_type, post_registration):
    first = SubForumFactory(edition=edition, title_en="Robots", title_zh_hans="机器人")
    second = SubForumFactory(edition=edition, start=first.start, title_en="Chips", title_zh_hans="芯片")
    data = registration_form(reg_type, sub_forums=[first.pk, second.pk])
    response = post_registration(data, EN)
    body = response.content.decode()
    assert response.status_code == 400
    assert "“Robots” and “Chips” take place at the same time" in body
    assert 'value="Li Lei"' in body
    assert 'value="Anhui University"' in body
    assert re.search(rf'value="{first.pk}"[^>]*checked', body)
    response = post_registration(data, ZH)
    assert "“机器人”与“芯片”时间冲突，请只选其中一个。" in response.content.decode()  # noqa: RUF001
    assert Registration.objects.count() == 0


def test_register_too_many_choices_error(edition, reg_type, post_registration):
    edition.max_subforum_choices = 1
    edition.save()
    first = SubForumFactory(edition=edition)
    second = SubForumFactory(edition=edition, start=first.end)
    response = post_registration(registration_form(reg_type, sub_forums=[first.pk, second.pk]))
    assert "Please choose at most 1 sub-forum." in response.content.decode()


def test_register_missing_fields_are_field_errors(edition, reg_type, post_registration):
    response = post_registration({"registration_type": reg_type.pk, "email": "not-an-email", "language": "en"}, ZH)
    body = response.content.decode()
    assert response.status_code == 400
    assert body.count('class="errorlist"') == 2
    assert 'value="not-an-email"' in body


@pytest.mark.parametrize(("headers", "expected"), [(EN, "at most 254 characters"), (ZH, "不超过 254 字符")])
def test_register_too_long_email_is_a_field_error_not_a_server_error(
    edition, reg_type, post_registration, headers, expected
):
    address = f"{'a' * 64}@{'b' * 63}.{'c' * 63}.{'d' * 63}.example.org"  # valid, but longer than the column
    response = post_registration(registration_form(reg_type, email=address), headers)
    body = response.content.decode()
    assert response.status_code == 400
    assert expected in body
    assert 'value="Li Lei"' in body
    assert Registration.objects.count() == 0


def test_register_errors_are_tied_to_their_fields_for_screen_readers(edition, reg_type, post_registration):
    start = edition.start + dt.timedelta(hours=2)
    first, second = (SubForumFactory(edition=edition, start=start, end=start + dt.timedelta(hours=2)) for _ in "ab")
    data = registration_form(reg_type, name="", email="not-an-email", sub_forums=[first.pk, second.pk])
    body = post_registration(data).content.decode()
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    described = [ref for refs in re.findall(r'aria-describedby="([^"]*)"', body) for ref in refs.split()]
    assert {"id_name_error", "id_email_error", "id_sub_forums_error"} <= set(described)
    assert set(described) <= ids  # every description the page points at is on the page


def test_register_duplicate_email_message_on_page(edition, reg_type, post_registration):
    post_registration(registration_form(reg_type))
    response = post_registration(registration_form(reg_type, email="LI.LEI@example.org"), ZH)
    assert response.status_code == 400
    assert "该邮箱已报名本届论坛" in response.content.decode()
    assert Registration.objects.count() == 1


def test_register_full_type_without_waiting_list_message(edition, post_registration):
    reg_type = RegistrationTypeFactory(edition=edition, capacity=0, waitlist_enabled=False)
    response = post_registration(registration_form(reg_type))
    assert response.status_code == 400
    assert "fully booked and has no waiting list" in response.content.decode()


def test_register_full_type_waitlisted_page_and_email(client, edition, post_registration, mailoutbox):
    reg_type = RegistrationTypeFactory(edition=edition, capacity=0)
    response = post_registration(registration_form(reg_type, language="zh-hans"))
    assert response.status_code == 302
    assert "waiting list" in client.get(response["Location"], **EN).content.decode()
    assert mailoutbox[0].subject.startswith("您已进入")
    client.get(_link(mailoutbox[0].body, "confirm/"))
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.WAITLISTED
    assert registration.confirmed_at is not None


# ----------------------------------------------------------- signed links


@pytest.fixture
def registration(edition, reg_type, sub_forum):
    registration = services.register_attendee(
        edition=edition, registration_type=reg_type, name="Han Meimei", email="han@example.org", sub_forums=[sub_forum]
    )
    return services.confirm_registration(registration=registration)


def _manage(registration, suffix=""):
    return tokens.manage_path(registration.code) + suffix


@pytest.mark.parametrize("suffix", ["", "ticket/", "ticket.ics"])
def test_tampered_or_foreign_links_are_404(client, registration, suffix):
    token = tokens.make_token(registration.code, tokens.MANAGE)
    other = Registration.objects.create(
        edition=registration.edition, registration_type=registration.registration_type, name="X", email="x@example.org"
    )
    _code, rest = token.split(":", 1)
    forged = [
        f"{other.code}:{rest}",  # someone else's code under this signature
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # edited signature
        tokens.make_token(registration.code, tokens.CONFIRM),  # a confirmation token is not a manage token
        "ABCDEFGHJK",
    ]
    for bad in forged:
        assert client.get(f"/r/{bad}/{suffix}").status_code == 404, bad
    assert client.get(f"/r/{token}/{suffix}").status_code == 200


def test_expired_manage_link_is_404(client, registration, settings):
    settings.ATTENDEES_MANAGE_LINK_MAX_AGE = -1
    assert client.get(_manage(registration)).status_code == 404


def test_tampered_confirmation_link_is_404(client, registration):
    token = tokens.make_token(registration.code, tokens.CONFIRM)
    assert client.get(f"/r/confirm/{token}x/").status_code == 404
    assert client.get(f"/r/confirm/{tokens.make_token(registration.code, tokens.MANAGE)}/").status_code == 404


def test_confirmation_after_hold_says_expired(client, edition, reg_type):
    registration = services.register_attendee(
        edition=edition, registration_type=reg_type, name="Late", email="late@example.org"
    )
    Registration.objects.filter(pk=registration.pk).update(expires_at=edition.start - dt.timedelta(days=3650))
    response = client.get(tokens.confirm_path(registration.code), **EN)
    assert response.status_code == 410
    assert "has expired. Please register again." in response.content.decode()


# ------------------------------------------------------------ self-service


def test_manage_change_choices(client, registration, edition, sub_forum):
    other = SubForumFactory(edition=edition, start=sub_forum.end)
    response = client.post(_manage(registration, "choices/"), {"sub_forums": [other.pk]}, **EN)
    assert response.status_code == 302
    assert [(c.sub_forum_id, c.status) for c in registration.choices.all()] == [(other.pk, ChoiceStatus.CONFIRMED)]
    sub_forum.refresh_from_db()
    assert sub_forum.seats_taken == 0


@pytest.mark.parametrize(("headers", "expected"), [(EN, "can no longer be changed"), (ZH, "无法更改")])
@pytest.mark.parametrize("overlapping", [False, True])
def test_manage_change_choices_of_a_cancelled_registration_says_so(
    client, registration, edition, sub_forum, headers, expected, overlapping
):
    services.cancel_registration(registration=registration)  # e.g. in another tab
    other = SubForumFactory(edition=edition, start=sub_forum.start if overlapping else sub_forum.end)
    response = client.post(_manage(registration, "choices/"), {"sub_forums": [sub_forum.pk, other.pk]}, **headers)
    assert response.status_code == 302
    assert expected in client.get(response["Location"], **headers).content.decode()
    assert not registration.choices.filter(sub_forum=other).exists()


def test_manage_change_choices_overlap_error(client, registration, edition, sub_forum):
    clash = SubForumFactory(edition=edition, start=sub_forum.start)
    response = client.post(_manage(registration, "choices/"), {"sub_forums": [sub_forum.pk, clash.pk]}, **ZH)
    assert response.status_code == 400
    assert "时间冲突" in response.content.decode()
    assert [c.sub_forum_id for c in registration.choices.all()] == [sub_forum.pk]


def test_manage_cancel_needs_the_box_then_cancels_and_emails(
    client, registration, mailoutbox, django_capture_on_commit_callbacks
):
    assert client.post(_manage(registration, "cancel/"), {}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_manage(registration, "cancel/"), {"confirm": "on"}, **EN)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert mailoutbox[-1].subject.startswith("您的")  # the attendee's language, not the page's
    page = client.get(_manage(registration), **EN).content.decode()
    assert "Cancelled" in page
    assert "Save my choices" not in page


def test_ticket_has_inline_qr_code_with_code(client, registration):
    response = client.get(_manage(registration, "ticket/"), **EN)
    body = response.content.decode()
    assert "<svg" in body
    assert f"<title>{registration.code}</title>" in body
    assert "Sub-forums you may enter" in body
    # A regular QR code (version 1, 21 modules + 4 of margin each side, 6 px each), not
    # the Micro QR code segno picks for short texts, which phone cameras do not read.
    assert 'viewBox="0 0 174 174"' in body


def test_ticket_not_issued_before_confirmation(client, edition, reg_type):
    pending = services.register_attendee(edition=edition, registration_type=reg_type, name="P", email="p@example.org")
    body = client.get(_manage(pending, "ticket/"), **EN).content.decode()
    assert "<svg" not in body
    assert "No ticket yet" in body


def test_ics_has_own_sessions_in_edition_time_zone(client, registration, edition, sub_forum):
    opening = SessionFactory(edition=edition, title_en="Opening", title_zh_hans="开幕式")
    mine = SessionFactory(edition=edition, sub_forum=sub_forum, title_en="Mine", title_zh_hans="我的报告")
    other = SubForumFactory(edition=edition)
    SessionFactory(edition=edition, sub_forum=other, title_en="Not mine", title_zh_hans="别人的报告")
    response = client.get(_manage(registration, "ticket.ics"), **EN)
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "DTSTART;TZID=Asia/Shanghai:20300706T100000" in body  # the plenary at 10:00 local
    assert "SUMMARY:Opening" in body
    assert "SUMMARY:Mine" in body
    assert "Not mine" not in body
    # The sessions, with the UIDs of every other calendar of the agenda (exports, reminders).
    assert re.findall(r"UID:(\S+)", body) == [f"{opening.guid}@agora", f"{mine.guid}@agora"]
    assert "BEGIN:VTIMEZONE" in body


def test_ics_shows_a_chosen_sub_forum_whose_programme_is_not_out(client, registration, edition, sub_forum):
    SessionFactory(edition=edition, title_en="Opening")
    body = client.get(_manage(registration, "ticket.ics"), **EN).content.decode()
    assert "SUMMARY:Opening" in body
    assert f"UID:sub-forum-{edition.slug}-{sub_forum.slug}@agora" in body
    assert body.count("BEGIN:VEVENT") == 2


@pytest.mark.parametrize("count", [1, 6])
def test_register_post_query_count_constant(client, edition, reg_type, django_assert_num_queries, count):
    sub_forums = [
        SubForumFactory(edition=edition, start=edition.start + dt.timedelta(hours=3 * n)) for n in range(count)
    ]
    url = reverse("attendees:register", args=[edition.slug])
    assert client.get(url).status_code == 200  # the process now holds the edition (attendees.page_cache)
    # page: one query checking the held edition and reading places taken; service: the count of
    # unconfirmed registrations from the same address and mail domain, a savepoint (the test runs
    # in a transaction) and its release around, on PostgreSQL, one statement doing everything;
    # elsewhere one UPDATE for the type, one per sub-forum and three INSERTs (registration,
    # choices, e-mail).
    service = 1 if connection.vendor == "postgresql" else 1 + count + 3
    with django_assert_num_queries(4 + service):
        response = client.post(url, registration_form(reg_type, sub_forums=[sf.pk for sf in sub_forums]))
    assert response.status_code == 302


def _confirmed_with_choices(edition, reg_type, count: int) -> Registration:
    """A confirmed registration holding places in ``count`` sub-forums, one after the other."""
    sub_forums = [
        SubForumFactory(edition=edition, start=edition.start + dt.timedelta(hours=3 * n)) for n in range(count)
    ]
    registration = services.register_attendee(
        edition=edition, registration_type=reg_type, name="Han Meimei", email="han@example.org", sub_forums=sub_forums
    )
    return services.confirm_registration(registration=registration)


@pytest.mark.parametrize("count", [1, 5])
def test_manage_page_query_count_constant(client, edition, reg_type, django_assert_num_queries, count):
    registration = _confirmed_with_choices(edition, reg_type, count)
    # the registration with its edition, venue and type; its choices with their sub-forums and rooms;
    # the edition's sub-forums with their rooms (the choices form); the edition's forum; the own
    # programme: the stars, the feed's generation, the latest version (none) and, unpublished, the
    # live agenda (sessions.snapshot: the edition, sub-forums and hosts, sessions and speakers, rooms)
    with django_assert_num_queries(12):
        response = client.get(_manage(registration), **EN)
    assert response.status_code == 200
    assert response.content.decode().count('name="sub_forums"') == count
    publish_agenda(edition=edition)
    with django_assert_num_queries(7):  # the published version: one query instead of the live agenda's six
        response = client.get(_manage(registration), **EN)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 5])
def test_ticket_page_query_count_constant(client, edition, reg_type, django_assert_num_queries, count):
    registration = _confirmed_with_choices(edition, reg_type, count)
    # the registration with its edition, venue and type; its choices with their sub-forums and rooms; the forum
    with django_assert_num_queries(3):
        response = client.get(_manage(registration, "ticket/"), **EN)
    assert response.status_code == 200
    body = response.content.decode()
    assert [f"<li>{choice.sub_forum.title_en} · " in body for choice in registration.choices.all()] == [True] * count
