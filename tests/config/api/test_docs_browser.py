"""The API reference pages render in a browser under the site's Content-Security-Policy
(tests/browser.py fails a test on any script or style the policy refuses)."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("page", "shown"),
    [("/api/redoc/", "#redoc-container h1"), ("/api/docs/", "#swagger-ui .info .title")],
)
def test_api_reference_renders_with_only_its_own_scripts(live_server, page, shown) -> None:
    with chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.goto(f"{live_server.url}{page}")
        heading = tab.locator(shown).first
        heading.wait_for(timeout=15_000)
        assert "Agora" in heading.inner_text()
        # Redoc's bundled footer always asks cdn.redoc.ly for its logo: the policy refuses
        # it, so no request leaves for that host. Anything else refused fails the test.
        logo = "https://cdn.redoc.ly/redoc/logo-mini.svg"
        browser.csp_violations[:] = [text for text in browser.csp_violations if logo not in text]
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / f"api-reference-{page.strip('/').replace('/', '-')}.png"))
