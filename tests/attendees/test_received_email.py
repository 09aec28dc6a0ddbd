"""The first e-mail of a registration is written by the sender, just before it goes out."""

from __future__ import annotations

import pytest
from django.core import mail

from attendees.models import Registration
from outbox import sending, services
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db


def test_registration_leaves_the_writing_to_the_sender(register, edition, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        registration = register(1, language="en")
    row = OutboxMessage.objects.get()
    assert (row.kind, row.recipient, row.related_id) == (
        "attendees.confirm",
        "person1@example.org",
        str(registration.pk),
    )
    assert (row.subject, row.body_text, row.render_on_send) == ("", "", True)

    assert sending.send_due_batch().sent == 1

    (sent,) = mail.outbox
    assert sent.subject == f"Please confirm your registration for {edition.title_en}"
    assert "/r/confirm/" in sent.body
    row.refresh_from_db()
    # The outbox keeps what went out.
    assert (row.status, row.subject, row.body_text, row.render_on_send) == (
        OutboxStatus.SENT,
        sent.subject,
        sent.body,
        False,
    )


def test_waitlisted_registration_gets_the_waiting_list_text_in_chinese(
    register, reg_type, edition, django_capture_on_commit_callbacks
):
    reg_type.capacity = 0
    reg_type.save()
    with django_capture_on_commit_callbacks(execute=True):
        register(1, language="zh-hans")
    (sent,) = mail.outbox
    assert sent.subject == f"您已进入{edition.title_zh_hans}候补名单"


def test_a_row_whose_registration_is_gone_fails_with_the_reason(register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        registration = register(1)
    Registration.objects.filter(pk=registration.pk).update(status="cancelled")
    registration.choices.all().delete()
    Registration.objects.filter(pk=registration.pk).delete()

    result = sending.send_due_batch()

    assert (result.sent, result.failed) == (0, 1)
    assert mail.outbox == []
    row = OutboxMessage.objects.get()
    assert row.status == OutboxStatus.FAILED
    assert row.last_error == "The registration this e-mail was about no longer exists."


def test_a_kind_nobody_writes_fails_instead_of_sending_an_empty_e_mail() -> None:
    services.queue_message(
        services.new_message(kind="nobody.writes", to="a@example.org", dedupe_key="x:1", render_on_send=True)
    )
    assert sending.send_due_batch().failed == 1
    assert mail.outbox == []
    assert OutboxMessage.objects.get().last_error == "No renderer for e-mails of kind 'nobody.writes'."
