"""The health probes: /healthz (the process answers) and /readyz (database, migrations, broker)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from config.celery import app as celery_app
from tests.processes import ROOT


def test_healthz_answers_without_touching_the_database(client) -> None:
    # No django_db mark: any database access in this request would raise.
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_reports_each_check(client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "migrations": "ok", "broker": "ok"}}


@pytest.mark.django_db
def test_readyz_is_503_naming_the_broker_when_it_does_not_answer(client, settings, monkeypatch) -> None:
    unreachable = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    # Celery's configuration reads Django's settings live: patch it before the setting, or
    # monkeypatch would "restore" the unreachable URL it read and leave it for later tests.
    monkeypatch.setattr(celery_app.conf, "broker_url", unreachable)
    settings.CELERY_BROKER_URL = unreachable
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["broker"] == "unreachable"
    assert body["checks"]["database"] == "ok"
    assert "127.0.0.1" not in response.content.decode()  # no addresses, passwords or tracebacks


LOG_LINE = """
import django, logging
django.setup()
logging.getLogger("agora.test").warning("registration burst: %s", 42)
"""


@pytest.mark.parametrize(("log_format", "parse"), [("json", json.loads), ("text", str)])
def test_log_format_json_writes_one_object_per_line(log_format, parse) -> None:
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", LOG_LINE],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "LOG_FORMAT": log_format, "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    (line,) = result.stderr.strip().splitlines()
    if log_format == "json":
        record = parse(line)
        assert (record["level"], record["logger"], record["message"]) == (
            "WARNING",
            "agora.test",
            "registration burst: 42",
        )
        assert "time" in record
    else:
        assert "WARNING agora.test: registration burst: 42" in line
