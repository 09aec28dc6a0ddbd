"""With no services configured the system runs on SQLite and the embedded
(filesystem) Celery broker: a registration made in one process is e-mailed by a
real worker in another, through a real SMTP server."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.integration.conftest import Worker
from tests.processes import run_manage

pytestmark = pytest.mark.integration

REGISTER = """
from attendees import services
from tests.factories import EditionFactory, RegistrationTypeFactory
edition = EditionFactory(registration_opens=None, registration_closes=None)
registration_type = RegistrationTypeFactory(edition=edition, capacity=10)
registration = services.register_attendee(
    edition=edition, registration_type=registration_type, name="Embedded", email="embedded@example.org", language="en"
)
print(registration.code)
"""


def _manage(env: dict[str, str], *args: str) -> str:
    result = run_manage(env, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_registration_email_is_sent_by_a_worker_on_sqlite_and_the_embedded_broker(tmp_path, smtp_sink) -> None:
    handler, port = smtp_sink
    unset = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "CELERY_TASK_DEFAULT_QUEUE")
    env = {name: value for name, value in os.environ.items() if name not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",  # SQLite, as by default, in a folder of the test's
        AGORA_VAR_DIR=str(tmp_path / "var"),  # the embedded broker's folders
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(port),
        LOG_LEVEL="WARNING",
    )
    _manage(env, "migrate", "--no-input", "-v0")
    worker = Worker(env, queue="celery")  # Celery's default queue, in this test's own broker folder
    worker.start()
    try:
        code = _manage(env, "shell", "--no-imports", "-c", REGISTER).strip()
        handler.wait_for(1, timeout=60)
    finally:
        worker.stop()

    assert handler.recipients == ["embedded@example.org"]
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        rows = db.execute(
            "SELECT m.status, m.subject, m.message_id FROM outbox_outboxmessage m"
            " JOIN attendees_registration r ON m.related_id = CAST(r.id AS TEXT) WHERE r.code = ?",
            [code],
        ).fetchall()
    [(status, subject, message_id)] = rows
    assert status == "sent"
    assert "confirm" in subject.lower()
    assert handler.message_ids == [message_id]
