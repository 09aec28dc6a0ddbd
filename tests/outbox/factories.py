"""Helpers of the outbox tests: queueing a message, an e-mail backend whose replies a test scripts."""

from __future__ import annotations

import smtplib
from typing import Any

from django.core.mail.backends.base import BaseEmailBackend

from outbox import services
from outbox.models import OutboxMessage


def queue(**fields: Any) -> OutboxMessage:
    """Queue one message made of ``outbox.services.new_message``'s keyword arguments."""
    return services.queue_message(services.new_message(**fields))


class ScriptedBackend(BaseEmailBackend):
    """An e-mail backend whose replies a test scripts per recipient; counts connections."""

    sent: list = []
    opened = 0
    failures: dict[str, Exception] = {}

    @classmethod
    def reset(cls, failures: dict[str, Exception] | None = None) -> None:
        cls.sent, cls.opened, cls.failures = [], 0, failures or {}

    def open(self) -> bool:
        type(self).opened += 1
        return True

    def close(self) -> None:
        return None

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            failure = type(self).failures.get(message.to[0])
            if failure is not None:
                raise failure
            type(self).sent.append(message)
        return len(email_messages)


def refused(address: str, code: int) -> smtplib.SMTPRecipientsRefused:
    return smtplib.SMTPRecipientsRefused({address: (code, b"mailbox unavailable")})
