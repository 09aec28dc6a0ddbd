"""Run ``manage.py`` in a process of its own, with an environment of the test's choosing."""

from __future__ import annotations

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
