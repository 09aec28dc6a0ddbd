"""The e-mails after registering: approval, rejection, promotion and cancellation,
in the attendee's language, with links that work when followed."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from attendees import services, tokens
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration, RegistrationType
from forums.models import SubForum
from outbox.models import OutboxMessage
from tests.admin_post import changeform_data, errors

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
HEADERS = {"en": EN, "zh-hans": ZH}
# What the manage page shows, in the attendee's language.
CONFIRMED = {"en": "Confirmed", "zh-hans": "已确认"}


def _link(body: str, kind: str = "") -> str:
    """The path of the first signed link of ``kind`` ("confirm/", or "" for the manage link)."""
    kind_pattern = re.escape(kind) if kind else "(?!confirm/)"
    match = re.search(rf"{re.escape(settings.SITE_URL)}(/r/{kind_pattern}\S+/)", body)
    assert match, body
    return match.group(1)


def _only_email(to: str) -> mail.EmailMessage:
    sent = [message for message in mail.outbox if message.to == [to]]
    assert len(sent) == 1, [(m.to, m.subject) for m in mail.outbox]
    return sent[0]


def _choice_rows(page: str) -> list[tuple[str, str]]:
    """(sub-forum, status) of each row of the manage page's choices table."""
    return re.findall(r'<tr>\s*<td[^>]*>([^<]*)</td>.*?<span class="badge \w+">([^<]*)</span></td>\s*</tr>', page, re.S)


def _set_capacity_in_admin(admin_client, url: str, capacity: int) -> None:
    """An organiser raises a capacity on an admin change page and saves."""
    data = changeform_data(admin_client.get(url))
    data["capacity"] = capacity
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors(response)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit callbacks (the outbox sender's kick) of what happens inside."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def approval_type(edition):
    return RegistrationType.objects.create(
        edition=edition, slug="vip", name_en="Guest", name_zh_hans="嘉宾", capacity=5
    )


# ---------------------------------------------------------------- approval


@pytest.mark.parametrize(
    ("language", "subject", "lines", "foreign"),
    [
        (
            "en",
            "Your registration for {title} is approved",
            ["Dear Person 1,", "the organisers have approved your registration for {title}. Your ticket is ready."],
            "尊敬的",
        ),
        (
            "zh-hans",
            "您的{title}报名已通过审核",
            ["尊敬的Person 1：", "主办方已通过您对{title}的报名，参会凭证已可下载。"],  # noqa: RUF001
            "Dear",
        ),
    ],
)
def test_approval_email_in_attendee_language_and_its_link_shows_the_registration(
    client, edition, approval_type, register, committed, language, subject, lines, foreign
):
    approval_type.requires_approval = True
    approval_type.save()
    title = edition.title_en if language == "en" else edition.title_zh_hans
    with committed():
        registration = register(1, registration_type=approval_type, language=language)
    confirmed = client.get(_link(_only_email("person1@example.org").body, "confirm/"), **HEADERS[language])
    assert confirmed.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL
    mail.outbox.clear()

    with committed():
        services.approve_registration(registration=registration)

    message = _only_email("person1@example.org")
    assert message.subject == subject.format(title=title)
    for line in lines:
        assert line.format(title=title) in message.body
    assert foreign not in message.body
    assert OutboxMessage.objects.get(kind="attendees.approved").language == language
    page = client.get(_link(message.body), **HEADERS[language])
    assert page.status_code == 200
    body = page.content.decode()
    assert registration.code in body
    assert f'data-status="confirmed">{CONFIRMED[language]}</span>' in body


def test_rejection_email_in_english(client, edition, approval_type, register, committed):
    approval_type.requires_approval = True
    approval_type.save()
    with committed():
        registration = services.confirm_registration(
            registration=register(1, registration_type=approval_type, language="en")
        )
    mail.outbox.clear()

    with committed():
        services.reject_registration(registration=registration)

    message = _only_email("person1@example.org")
    assert message.subject == f"Your registration for {edition.title_en}"
    assert "Dear Person 1," in message.body
    assert f"we are sorry: the organisers could not accept your registration for {edition.title_en}." in message.body
    assert f"Your registration code: {registration.code}" in message.body
    assert "尊敬的" not in message.body
    assert OutboxMessage.objects.get(kind="attendees.rejected").language == "en"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REJECTED


# ------------------------------------------------------------ cancellation


def test_cancellation_email_in_english(client, edition, register, committed):
    with committed():
        registration = services.confirm_registration(registration=register(1, language="en"))
    mail.outbox.clear()

    with committed():
        response = client.post(tokens.manage_path(registration.code) + "cancel/", {"confirm": "on"}, **ZH)

    assert response.status_code == 302
    message = _only_email("person1@example.org")
    assert message.subject == f"Your registration for {edition.title_en} is cancelled"
    assert "Dear Person 1," in message.body
    assert (
        f"your registration for {edition.title_en} is cancelled. Thank you for letting us know: "
        "your place goes to the next person on the waiting list." in message.body
    )
    assert f"Your registration code: {registration.code}" in message.body
    assert "您的" not in message.body
    assert OutboxMessage.objects.get(kind="attendees.cancelled").language == "en"


# -------------------------------------------- promotion: raised capacities


PROMOTED = {
    "en": (
        "A place at {title} is now yours",
        ["good news: a place at {title} has become free and it is now yours.", "Your registration is confirmed."],
    ),
    "zh-hans": (
        "您已获得{title}的参会名额",
        ["好消息：{title}有名额空出，现已递补给您。", "您的报名已确认。"],  # noqa: RUF001
    ),
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_raising_type_capacity_in_admin_promotes_first_in_line_and_emails_them(
    admin_client, client, edition, reg_type, register, committed, language
):
    reg_type.capacity = 1
    reg_type.save()
    with committed():
        register(1)
        first = services.confirm_registration(registration=register(2, language=language))
        second = register(3, language=language)
    assert (first.status, second.status) == (RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED)
    mail.outbox.clear()

    with committed():
        _set_capacity_in_admin(admin_client, reverse("admin:attendees_registrationtype_change", args=[reg_type.pk]), 2)

    first.refresh_from_db()
    second.refresh_from_db()
    reg_type.refresh_from_db()
    # It had confirmed its address while waiting, so it is confirmed outright.
    assert first.status == RegistrationStatus.CONFIRMED
    assert second.status == RegistrationStatus.WAITLISTED
    assert (reg_type.capacity, reg_type.seats_taken) == (2, 2)
    assert [m.to for m in mail.outbox] == [["person2@example.org"]]
    message = mail.outbox[0]
    title = edition.title_en if language == "en" else edition.title_zh_hans
    subject, lines = PROMOTED[language]
    assert message.subject == subject.format(title=title)
    for line in lines:
        assert line.format(title=title) in message.body
    assert OutboxMessage.objects.get(kind="attendees.promoted").language == language
    page = client.get(_link(message.body), **HEADERS[language])
    assert page.status_code == 200
    assert first.code in page.content.decode()
    assert f'data-status="confirmed">{CONFIRMED[language]}</span>' in page.content.decode()


def test_promoted_before_confirming_gets_a_confirm_link_that_confirms(
    admin_client, client, reg_type, sub_forum, register, committed
):
    reg_type.capacity = 1
    reg_type.save()
    with committed():
        register(1)
        waiting = register(2, language="en", sub_forums=[sub_forum])
    mail.outbox.clear()

    with committed():
        _set_capacity_in_admin(admin_client, reverse("admin:attendees_registrationtype_change", args=[reg_type.pk]), 2)

    message = _only_email("person2@example.org")
    assert message.subject.startswith("A place at ")
    hours = waiting.edition.confirmation_hold_hours
    assert f"Please confirm your e-mail address within {hours} hours to keep it:" in message.body
    # Its sub-forum choice got a place with it, and the e-mail says so.
    assert re.search(rf"^- {re.escape(sub_forum.title_en)}, .*: your place is held$", message.body, re.MULTILINE)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.PENDING
    response = client.get(_link(message.body, "confirm/"), **EN)
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


CHOICE_PROMOTED = {
    "en": (
        "A place in “{sub_forum}” is now yours",
        "a place in the sub-forum “{sub_forum}” of {title} has become free and it is now yours.",
    ),
    "zh-hans": ("您已获得“{sub_forum}”的名额", "{title}分论坛“{sub_forum}”有名额空出，现已递补给您。"),  # noqa: RUF001
}


def _assert_choice_promoted_email(client, registration, sub_forum, language):
    edition = registration.edition
    title = edition.title_en if language == "en" else edition.title_zh_hans
    sub_forum_title = sub_forum.title_en if language == "en" else sub_forum.title_zh_hans
    message = _only_email(registration.email)
    subject, line = CHOICE_PROMOTED[language]
    assert message.subject == subject.format(sub_forum=sub_forum_title)
    assert line.format(sub_forum=sub_forum_title, title=title) in message.body
    assert registration.code in message.body
    row = OutboxMessage.objects.get(kind="attendees.choice_promoted", recipient=registration.email)
    assert row.language == language
    page = client.get(_link(message.body), **HEADERS[language])
    assert page.status_code == 200
    assert (sub_forum_title, CONFIRMED[language]) in _choice_rows(page.content.decode())


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_raising_sub_forum_capacity_in_admin_confirms_waiting_choice_and_emails_it(
    admin_client, client, sub_forum, register, committed, language
):
    with committed():
        register(1, sub_forums=[sub_forum])
        register(2, sub_forums=[sub_forum])
        third = services.confirm_registration(registration=register(3, sub_forums=[sub_forum], language=language))
    assert third.choices.get().status == ChoiceStatus.WAITLISTED
    mail.outbox.clear()

    with committed():
        _set_capacity_in_admin(admin_client, reverse("admin:forums_subforum_change", args=[sub_forum.pk]), 3)

    assert third.choices.get().status == ChoiceStatus.CONFIRMED
    sub_forum = SubForum.objects.get(pk=sub_forum.pk)
    assert (sub_forum.capacity, sub_forum.seats_taken) == (3, 3)
    assert [m.to for m in mail.outbox] == [["person3@example.org"]]
    _assert_choice_promoted_email(client, third, sub_forum, language)


# ---------------------------------------- promotion: after a cancellation


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_cancellation_promotes_waiting_choice_and_emails_it(client, sub_forum, register, committed, language):
    with committed():
        first = services.confirm_registration(registration=register(1, sub_forums=[sub_forum]))
        register(2, sub_forums=[sub_forum])
        third = services.confirm_registration(registration=register(3, sub_forums=[sub_forum], language=language))
    assert third.choices.get().status == ChoiceStatus.WAITLISTED
    mail.outbox.clear()

    with committed():
        response = client.post(tokens.manage_path(first.code) + "cancel/", {"confirm": "on"}, **EN)

    assert response.status_code == 302
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.CANCELLED
    assert third.choices.get().status == ChoiceStatus.CONFIRMED
    assert sorted(m.to[0] for m in mail.outbox) == ["person1@example.org", "person3@example.org"]
    _assert_choice_promoted_email(client, third, sub_forum, language)
