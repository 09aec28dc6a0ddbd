"""Launching Debian's Chromium through Playwright for the browser tests (never `playwright install`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import sync_playwright

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    """Like the service fixtures in tests/conftest.py: required under CI, skipped elsewhere."""
    if not Path(CHROMIUM).exists():
        required = os.environ.get("CI", "").lower() == "true" or os.environ.get("AGORA_REQUIRE_SERVICES") == "1"
        (pytest.fail if required else pytest.skip)("Chromium missing: run `make browser-deps`")


class WatchedBrowser:
    """Playwright's Browser whose pages note every Content-Security-Policy refusal they log."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser
        self.csp_violations: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def new_page(self, **kwargs: Any) -> Any:
        page = self._browser.new_page(**kwargs)
        page.on("console", self._console)
        return page

    def new_context(self, **kwargs: Any) -> Any:
        context = self._browser.new_context(**kwargs)
        context.on("console", self._console)
        return context


@contextmanager
def chromium(*extra_args: str) -> Iterator[Any]:
    """A headless Chromium (Playwright's Browser), closed afterwards with the ORM connection its calls opened.

    A page that broke the Content-Security-Policy (a script, style or frame it refused)
    fails the test: every browser test is also a test of the policy.
    """
    require_chromium()
    # The live server runs in a thread of this process while Playwright's sync API
    # holds an event loop here; the tests' ORM calls are still plain sync calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS, *extra_args]
        )
        watched = WatchedBrowser(browser)
        try:
            yield watched
        finally:
            browser.close()
            # ORM calls made under Playwright's sync API get a connection of their
            # own: close it here, or it outlives the test database.
            connections.close_all()
    assert not watched.csp_violations, watched.csp_violations
