"""An invitation letter e-mailed from the admin reaches a real SMTP server through a real worker on
the real Redis: one message to the speaker, in their language, with the PDF exactly as issued."""

from __future__ import annotations

import email.header
import time

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from documents import services
from documents.enums import DocumentKind
from outbox import wake
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from speakers.services import ensure_profile
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SpeakerFactory, SuperUserFactory
from tests.integration.conftest import send_task

pytestmark = [
    pytest.mark.integration,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


def test_the_letter_pdf_reaches_the_speaker_as_an_attachment(client, smtp_sink, worker_factory, monkeypatch) -> None:
    sink, _port = smtp_sink
    edition = EditionFactory(title_en="The 19th Forum", title_zh_hans="第十九届论坛")
    speaker = SpeakerFactory(name_zh_hans="王𠈌", name_en="Wang Yan", email="wang.yan@example.org")
    SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker=speaker)
    ensure_profile(speaker=speaker, language="en")
    document = services.issue_document(edition=edition, speaker=speaker, kind=DocumentKind.INVITATION)
    client.force_login(SuperUserFactory())
    # The test process runs tasks eagerly: keep its wake-up from sending in-process, so the worker sends.
    monkeypatch.setattr(wake, "wake_soon", lambda: None)
    response = client.post(
        reverse("admin:documents_issueddocument_changelist"),
        {"action": "mail_documents", ACTION_CHECKBOX_NAME: [document.pk]},
    )
    assert response.status_code == 302
    assert OutboxMessage.objects.get(kind="documents.letter").status == OutboxStatus.PENDING

    worker_factory()
    send_task("outbox.drain", worker_factory.queue)  # what beat runs every 30 s

    sink.wait_for(1, timeout=60)
    time.sleep(0.5)  # anything sent twice would arrive now
    assert sink.recipients == ["wang.yan@example.org"]
    (message,) = sink.messages
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    assert subject.startswith(f"The 19th Forum: your letter of invitation ({document.number})")
    (attachment,) = [part for part in message.walk() if part.get_content_disposition() == "attachment"]
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{document.number}-en.pdf"
    assert attachment.get_payload(decode=True) == bytes(document.files.get(language="en").content)
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    assert body.index("Dear Wang Yan,") < body.index("尊敬的王𠈌")
    assert OutboxMessage.objects.get(kind="documents.letter").status == OutboxStatus.SENT
