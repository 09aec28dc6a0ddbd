"""Run ``manage.py`` or a server in a process of its own, with an environment of the test's choosing."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python manage.py *args`` in the project folder; its output is captured, its exit code not checked."""
    return subprocess.run(  # noqa: S603 - our own manage.py, arguments from the tests
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def production_environment(database_url: str) -> dict[str, str]:
    """This process's environment as production would set it: no DEBUG, a real SECRET_KEY, a named host,
    behind a reverse proxy that terminates HTTPS."""
    secret = "".join(secrets.choice(string.ascii_letters + string.digits + "!@#%^&*(-_=+)") for _ in range(50))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "SECURE_", "BEHIND_PROXY", "HOST"))
    }
    env.update(
        DEBUG="false",
        BEHIND_PROXY="true",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="forum.example.org",
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env
