"""The production web server: gunicorn with ``config/gunicorn_settings.py`` serves the project."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import free_port
from tests.processes import ROOT, production_environment

pytestmark = pytest.mark.integration


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - a local http URL of the test's
        return response.status, response.read()


def test_gunicorn_serves_with_the_production_settings_file(tmp_path: Path) -> None:
    port = free_port()
    env = production_environment(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.update(PORT=str(port), WEB_CONCURRENCY="1", WEB_THREADS="2", ALLOWED_HOSTS="127.0.0.1")
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(  # noqa: S603 - our own venv's gunicorn, fixed arguments
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "config/gunicorn_settings.py", "config.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        answer = None
        deadline = time.monotonic() + 20
        while answer is None and time.monotonic() < deadline and server.poll() is None:
            try:
                answer = _get(f"http://127.0.0.1:{port}/healthz")
            except OSError:
                time.sleep(0.1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    output = log.read_text()
    assert answer is not None, output
    status, body = answer
    assert (status, json.loads(body)) == (200, {"status": "ok"})
    assert "Using worker: gthread" in output  # the settings file's threaded workers
    assert f"Listening at: http://127.0.0.1:{port}" in output  # not every interface unless HOST says so
