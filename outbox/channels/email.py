"""The e-mail channel: Django's configured e-mail backend, with a lean MIME
writer over SMTP (``outbox.channels.mime``)."""

from __future__ import annotations

import base64
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend

from outbox.channels import mime
from outbox.channels.base import PermanentSendError, TemporarySendError
from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)


def build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    """The row as Django's EmailMessage (for backends other than SMTP: locmem in tests, console in development)."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        headers={"Message-ID": message.message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content"]), item.get("mimetype"))
    return email


def classify(exc: Exception) -> TemporarySendError | PermanentSendError:
    """What an smtplib (or socket) error means for the message: retry, or give up."""
    if isinstance(exc, TemporarySendError | PermanentSendError):
        return exc
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, reply = next(iter(exc.recipients.values()), (0, b""))
        text = f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
        return PermanentSendError(text, bounce=True) if code >= 500 else TemporarySendError(text)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return TemporarySendError(repr(exc), connection_lost=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        reply = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
        text = f"{exc.smtp_code} {reply}"
        return PermanentSendError(text) if exc.smtp_code >= 500 else TemporarySendError(text)
    if isinstance(exc, OSError | smtplib.SMTPException):
        return TemporarySendError(repr(exc), connection_lost=True)
    return TemporarySendError(repr(exc))


class EmailSender:
    """One connection of Django's e-mail backend (``EMAIL_BACKEND``) for a batch.

    Over SMTP the lean MIME writer is used (4 ms → 0.3 ms per message); other
    backends get Django's EmailMessage.
    """

    def __init__(self) -> None:
        self.connection = get_connection(fail_silently=False)

    def open(self) -> None:
        try:
            self.connection.open()
        except Exception as exc:
            raise classify(exc) from exc

    def send(self, message: OutboxMessage) -> None:
        connection = self.connection
        try:
            if isinstance(connection, SmtpBackend) and connection.connection is not None:
                sender, recipients, raw = mime.render(message)
                connection.connection.sendmail(sender, recipients, raw)
            else:
                connection.send_messages([build_email(message)])
        except Exception as exc:
            raise classify(exc) from exc

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:
            logger.debug("Closing the SMTP connection failed", exc_info=True)
