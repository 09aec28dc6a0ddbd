"""A targeted mail through a real worker on the real Redis to a real SMTP server:
each selected address receives exactly one message, nobody outside the filter and
no suppressed address receives any."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from attendees.models import Registration
from notifications.models import TargetedMail, TargetedMailText
from outbox.enums import OutboxStatus, SuppressionReason, SuppressionScope
from outbox.models import OutboxMessage
from outbox.services import suppress_address
from tests.factories import EditionFactory, RegistrationTypeFactory
from tests.integration.conftest import send_task

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

SELECTED = 300


def test_each_selected_recipient_gets_one_message(smtp_sink, worker_factory) -> None:
    sink, _port = smtp_sink
    edition = EditionFactory()
    registration_type = RegistrationTypeFactory(edition=edition, capacity=None)
    Registration.objects.bulk_create(
        [
            Registration(
                edition=edition, registration_type=registration_type, name=f"参会者{i}",
                email=f"r{i}@example.org", status="confirmed", language="en" if i % 2 else "zh-hans",
                organisation="Fudan University" if i < SELECTED else "Another University",
            )
            for i in range(SELECTED + 50)
        ]
        # The same address once more (cancelled earlier): still one message.
        + [Registration(edition=edition, registration_type=registration_type, name="again", email="R0@example.org",
                        status="cancelled", organisation="Fudan University")]
    )  # fmt: skip
    suppress_address(address="r7@example.org", reason=SuppressionReason.HARD_BOUNCE, scope=SuppressionScope.ALL)
    mail = TargetedMail.objects.create(edition=edition, name="Practical", status="", organisation_contains="fudan")
    TargetedMailText.objects.create(mail=mail, language="en", subject="Hello {{ attendee_name }}", body_text="See you")
    TargetedMailText.objects.create(mail=mail, language="zh-hans", subject="您好", body_text="再见")
    # “Send now”, as the admin's button does it (without the task it starts on commit).
    TargetedMail.objects.filter(pk=mail.pk).update(state=TargetedMail.State.SCHEDULED, send_at=timezone.now())

    worker_factory()
    send_task("notifications.queue_due_mails", worker_factory.queue)  # what beat runs every minute

    sink.wait_for(SELECTED - 1, timeout=60)
    time.sleep(1)  # anything sent twice would arrive now
    assert sink.duplicates() == {}
    expected = {f"r{i}@example.org" for i in range(SELECTED)} - {"r7@example.org"}
    assert sorted(sink.recipients) == sorted(expected)
    assert OutboxMessage.objects.get(recipient="r7@example.org").status == OutboxStatus.SUPPRESSED
    mail.refresh_from_db()
    assert (mail.state, mail.recipients) == (TargetedMail.State.QUEUED, SELECTED)
