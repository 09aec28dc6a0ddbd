# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""Mail to attendees: the audience is the AND of the filters (its count equals what
the filters select), each address gets one message in its language, a test reaches
only the sender, and sending is recorded in the audit trail."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration
from audit.enums import Verb
from audit.models import AuditEntry
from forums.enums import ForumTeamRole
from notifications import mail_templates, targeted_mail
from notifications.models import TargetedMail, TargetedMailText
from outbox.enums import OutboxStatus, SuppressionReason, SuppressionScope
from outbox.models import OutboxMessage
from outbox.services import suppress_address, unsubscribe
from tests.admin_post import changeform_data
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def world():
    edition = EditionFactory(title_en="Science Forum 2030", title_zh_hans="2030科技论坛")
    ai, energy = SubForumFactory(edition=edition, title_en="AI"), SubForumFactory(edition=edition, title_en="Energy")
    delegate, student = RegistrationTypeFactory(edition=edition), RegistrationTypeFactory(edition=edition)
    people = []
    for n in range(24):
        registration = RegistrationFactory(
            edition=edition,
            registration_type=delegate if n % 2 else student,
            email=f"p{n}@example.org",
            name=f"Person {n}",
            status=[RegistrationStatus.CONFIRMED, RegistrationStatus.CHECKED_IN, RegistrationStatus.CANCELLED][n % 3],
            checked_in_at=timezone.now() if n % 3 == 1 else None,
            language="en" if n % 4 else "zh-hans",
            organisation="Anhui University" if n % 5 == 0 else "Fudan University",
        )
        SubForumChoiceFactory(
            registration=registration,
            sub_forum=ai if n % 2 else energy,
            status=ChoiceStatus.WAITLISTED if n % 7 == 0 else ChoiceStatus.CONFIRMED,
        )
        people.append(registration)
    RegistrationFactory(edition=EditionFactory(), email="elsewhere@example.org")  # another edition
    return edition, ai, energy, delegate, student, people


def _mail(edition, **filters) -> TargetedMail:
    mail = TargetedMail.objects.create(edition=edition, name="Practical", **filters)
    TargetedMailText.objects.create(
        mail=mail, language="en", subject="About {{ edition }}", body_text="Dear {{ attendee_name }}, see you."
    )
    TargetedMailText.objects.create(
        mail=mail, language="zh-hans", subject="关于{{ edition }}", body_text="{{ attendee_name }}，您好。"
    )
    return mail


CASES = [
    ({}, lambda r, w: r.status in ("confirmed", "checked_in")),
    ({"status": ""}, lambda r, w: True),
    ({"status": "cancelled"}, lambda r, w: r.status == "cancelled"),
    ({"checked_in": "yes"}, lambda r, w: r.status in ("confirmed", "checked_in") and r.checked_in_at is not None),
    ({"checked_in": "no", "language": "en"}, lambda r, w: r.status == "confirmed" and r.language == "en"),
    ({"organisation_contains": "anhui"}, lambda r, w: r.status != "cancelled" and "Anhui" in r.organisation),
    (
        {"sub_forum": "ai", "registration_type": "delegate", "status": ""},
        lambda r, w: (
            r.registration_type == w[3] and r.choices.filter(sub_forum=w[1], status=ChoiceStatus.CONFIRMED).exists()
        ),
    ),
]


@pytest.mark.parametrize(("filters", "expected"), CASES, ids=[str(f) for f, _e in CASES])
def test_recipient_count_equals_the_filter_and_each_gets_one_message(world, filters, expected) -> None:
    edition, ai, _energy, delegate, _student, people = world
    named = {"ai": ai, "delegate": delegate}
    mail = _mail(edition, **{key: named.get(value, value) for key, value in filters.items()})
    wanted = {r.email for r in people if expected(Registration.objects.get(pk=r.pk), world)}
    assert targeted_mail.count(mail).recipients == len(wanted)
    assert targeted_mail.queue_mail(mail=mail) == len(wanted)
    assert sorted(OutboxMessage.objects.values_list("recipient", flat=True)) == sorted(wanted)
    mail.refresh_from_db()
    assert (mail.state, mail.recipients) == (TargetedMail.State.QUEUED, len(wanted))
    assert targeted_mail.queue_mail(mail=mail) == 0  # never twice
    assert OutboxMessage.objects.count() == len(wanted)


def test_each_address_once_in_its_language_and_suppressed_counted(world) -> None:
    edition, *_rest, people = world
    # The same address registered again after cancelling: one message all the same.
    again = people[2]
    RegistrationFactory(edition=edition, email=again.email.upper(), status=RegistrationStatus.CONFIRMED, language="en")
    suppress_address(address=people[0].email, reason=SuppressionReason.HARD_BOUNCE, scope=SuppressionScope.ALL)
    mail = _mail(edition, status="")
    counted = targeted_mail.count(mail)
    assert (counted.recipients, counted.suppressed) == (24, 1)
    targeted_mail.queue_mail(mail=mail)
    assert OutboxMessage.objects.count() == 24
    english = OutboxMessage.objects.get(recipient=people[1].email)
    chinese = OutboxMessage.objects.get(recipient=people[4].email)
    assert (english.language, english.subject, english.body_text) == (
        "en", "About Science Forum 2030", "Dear Person 1, see you.",
    )  # fmt: skip
    assert (chinese.language, chinese.subject) == ("zh-hans", "关于2030科技论坛")
    assert all(m.optional for m in OutboxMessage.objects.all())


# --- the admin --------------------------------------------------------------------------------
def _organiser(edition):
    return ForumMembershipFactory(
        forum=edition.forum, role=ForumTeamRole.ORGANISER, user__username="mail.organiser",
        user__email="organiser@example.org",
    ).user  # fmt: skip


def test_an_organiser_writes_sees_the_count_and_preview_then_tests_and_sends(
    client, world, django_capture_on_commit_callbacks
) -> None:
    edition, ai, *_rest = world
    organiser = _organiser(edition)
    client.force_login(organiser)
    add = reverse("admin:notifications_targetedmail_add")
    response = client.post(
        add,
        {"name": "Room change AI", "edition": edition.pk, "start_from": "room_change", "sub_forum": ai.pk,
         "status": "admitted", "checked_in": "", "language": "", "organisation_contains": ""},
        **EN,
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    mail = TargetedMail.objects.get()
    assert sorted(mail.texts.values_list("language", flat=True)) == ["en", "zh-hans"]
    change = reverse("admin:notifications_targetedmail_change", args=[mail.pk])

    page = client.get(change, **EN).content.decode()
    expected = targeted_mail.count(mail).recipients
    assert f'data-count="{expected}"' in page
    assert "Room change: AI" in page  # the English subject, rendered
    page_zh = client.get(change, **ZH).content.decode()
    assert "会场变更：" in page_zh
    assert "位收件人" in page_zh

    data = _change_data(client, change)
    client.post(change, {**data, "_send_test": "1"})
    assert sorted(OutboxMessage.objects.values_list("recipient", "language")) == [
        ("organiser@example.org", "en"),
        ("organiser@example.org", "zh-hans"),
    ]  # only the sender, in each language
    assert AuditEntry.objects.get(verb=Verb.MAIL_TESTED).actor == organiser

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, {**data, "_send_now": "1"})
    assert response.status_code == 302
    mail.refresh_from_db()
    assert (mail.state, mail.recipients, mail.sent_by) == (TargetedMail.State.QUEUED, expected, organiser)
    assert OutboxMessage.objects.exclude(recipient="organiser@example.org").count() == expected
    entry = AuditEntry.objects.get(verb=Verb.MAIL_SENT)
    assert (entry.actor, entry.detail["recipients"]) == (organiser, expected)
    # A sent mail is a record: read, not edited.
    assert client.post(change, {**data, "_send_now": "1"}).status_code == 403


def test_send_at_a_time_waits_for_the_beat(client, world) -> None:
    edition, *_rest = world
    client.force_login(_organiser(edition))
    mail = _mail(edition)
    change = reverse("admin:notifications_targetedmail_change", args=[mail.pk])
    later = timezone.localtime() + timezone.timedelta(days=1)
    data = {**_change_data(client, change), "send_at_0": later.date().isoformat(), "send_at_1": "09:00:00"}
    client.post(change, {**data, "_schedule": "1"})
    mail.refresh_from_db()
    assert mail.state == TargetedMail.State.SCHEDULED
    assert targeted_mail.queue_due_mails() == 0
    assert targeted_mail.queue_due_mails(now=mail.send_at) == targeted_mail.count(mail).recipients


def test_a_host_writes_only_to_its_sub_forum(client, world) -> None:
    edition, ai, energy, *_rest = world
    membership = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
    membership.sub_forums.set([ai])
    client.force_login(membership.user)
    base = {"name": "x", "edition": edition.pk, "start_from": "blank", "status": "admitted", "checked_in": "",
            "language": "", "organisation_contains": ""}  # fmt: skip
    add = reverse("admin:notifications_targetedmail_add")
    client.post(add, {**base, "sub_forum": energy.pk})
    client.post(add, base)
    assert TargetedMail.objects.count() == 0
    assert client.post(add, {**base, "sub_forum": ai.pk}).status_code == 302
    assert TargetedMail.objects.get().sub_forum == ai


def _change_data(client, url: str) -> dict:
    return changeform_data(client.get(url))


# --- each recipient's own message (each language's text rendered once, their values joined in) ----
def _sent_by_recipient() -> dict[str, list]:
    sent: dict[str, list] = {}
    for message in mail.outbox:
        sent.setdefault(message.to[0], []).append(message)
    return sent


def test_each_recipient_reads_their_own_name_code_and_links_in_their_language(
    client, world, django_capture_on_commit_callbacks
) -> None:
    edition, *_rest, people = world
    TargetedMail.objects.all().delete()
    mail_ = TargetedMail.objects.create(edition=edition, name="Practical", status="")
    for language, (subject, text) in mail_templates.BY_KEY["practical"].texts.items():
        TargetedMailText.objects.create(mail=mail_, language=language, subject=subject, body_text=text)
    with django_capture_on_commit_callbacks(execute=True):
        assert targeted_mail.queue_mail(mail=mail_) == 24
    sent = _sent_by_recipient()
    assert sorted(sent) == sorted(r.email for r in people)
    for person in (people[1], people[4], people[5], people[8]):  # en, zh-hans, en, zh-hans
        [message] = sent[person.email]
        greeting = f"Dear {person.name}," if person.language == "en" else f"{person.name}，您好："
        assert message.body.startswith(greeting)
        assert f"{person.code}" in message.body
        links = re.findall(rf"{re.escape(settings.SITE_URL)}(/r/[^/\s]+/(?:ticket/)?)", message.body)
        assert len(links) == 2, message.body  # the ticket and the self-service page
        for path in links:
            page = client.get(path, HTTP_ACCEPT_LANGUAGE=person.language)
            assert page.status_code == 200
            assert person.code in page.content.decode()
    english, chinese = sent[people[1].email][0], sent[people[4].email][0]
    assert english.subject == "Practical information: Science Forum 2030"
    assert chinese.subject == "2030科技论坛参会须知"


TEXTS_USING_THE_NAME = [
    ("{{ attendee_name|upper }}!", lambda name: f"{name.upper()}!"),
    (
        "{% if attendee_name == 'Person 1' %}VIP {% endif %}{{ attendee_name }}",
        lambda n: "VIP " * (n == "Person 1") + n,
    ),
    ("{% with who=attendee_name %}{{ who }}/{{ who }}{% endwith %}", lambda name: f"{name}/{name}"),
    ("{% filter lower %}{{ attendee_name }}{% endfilter %}", str.lower),
    ("{% autoescape on %}{{ attendee_name }}{% endautoescape %}", lambda name: name.replace("&", "&amp;")),
    ("{{ attendee_name }} {{ attendee_name }}{# {{ attendee_name|lower }} #}", lambda name: f"{name} {name}"),
]


@pytest.mark.parametrize(("text", "expected"), TEXTS_USING_THE_NAME, ids=[t for t, _e in TEXTS_USING_THE_NAME])
def test_a_text_doing_more_with_a_value_than_printing_it_still_reads_right(world, text, expected) -> None:
    edition, *_rest, people = world
    Registration.objects.filter(pk=people[1].pk).update(name="Person 1 & Co")
    Registration.objects.filter(pk=people[5].pk).update(name="Person 1")
    mail_ = TargetedMail.objects.create(edition=edition, name="x", status="", language="en")
    TargetedMailText.objects.create(mail=mail_, language="en", subject="Hello", body_text=text)
    targeted_mail.queue_mail(mail=mail_)
    bodies = dict(OutboxMessage.objects.values_list("recipient", "body_text"))
    for person in people:
        if person.language == "en":
            name = Registration.objects.get(pk=person.pk).name
            assert bodies[person.email] == expected(name), name
    # The preview reads like the first recipient's message.
    first = targeted_mail.audience(mail_).order_by("pk").first()
    assert targeted_mail.preview(mail_)[0]["text"] == bodies[first.email]


def test_suppressed_addresses_get_nothing_and_every_other_address_one_message(
    world, django_capture_on_commit_callbacks
) -> None:
    edition, *_rest, people = world
    suppress_address(address=people[0].email.upper(), reason=SuppressionReason.HARD_BOUNCE)
    unsubscribe(address=people[3].email)  # the mail is optional: an unsubscribed address is skipped too
    RegistrationFactory(edition=edition, email=people[2].email.upper(), status=RegistrationStatus.CONFIRMED)
    mail_ = _mail(edition, status="")
    with django_capture_on_commit_callbacks(execute=True):
        targeted_mail.queue_mail(mail=mail_)
    sent = _sent_by_recipient()
    expected = {r.email for r in people} - {people[0].email, people[3].email}
    assert {address.lower() for address in sent} == expected
    assert all(len(messages) == 1 for messages in sent.values())
    statuses = dict(OutboxMessage.objects.values_list("recipient", "status"))
    assert (statuses[people[0].email], statuses[people[3].email]) == (OutboxStatus.SUPPRESSED,) * 2


def test_a_scheduled_mail_is_queued_when_due_with_each_recipients_own_text(world) -> None:
    edition, *_rest, people = world
    mail_ = _mail(edition, status="")
    later = timezone.now() + timezone.timedelta(hours=2)
    targeted_mail.schedule(mail=mail_, actor=None, send_at=later)
    assert targeted_mail.queue_due_mails(now=later - timezone.timedelta(minutes=1)) == 0
    assert OutboxMessage.objects.count() == 0
    assert targeted_mail.queue_due_mails(now=later) == 24
    bodies = dict(OutboxMessage.objects.values_list("recipient", "body_text"))
    for person in people:
        own = f"Dear {person.name}, see you." if person.language == "en" else f"{person.name}，您好。"
        assert bodies[person.email] == own
    assert targeted_mail.queue_due_mails(now=later) == 0
    assert AuditEntry.objects.get(verb=Verb.MAIL_SENT).detail["recipients"] == 24
