"""Headers every page carries: the Content-Security-Policy, framing, and no caching of personal pages."""

from __future__ import annotations

import pytest

from attendees import services, tokens
from tests.browser import chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


@pytest.fixture
def registration():
    edition = EditionFactory(slug="headers")
    SubForumFactory(edition=edition)
    registration_type = RegistrationTypeFactory(edition=edition)
    registration = services.register_attendee(
        edition=edition, registration_type=registration_type, name="Li Hua", email="li@example.org"
    )
    return services.confirm_registration(registration=registration)


@pytest.mark.parametrize("path", ["/", "/e/headers/", "/e/headers/register/", "/admin/login/", "/api/redoc/"])
def test_every_page_runs_only_its_own_scripts_and_may_not_be_framed(client, registration, path) -> None:
    response = client.get(path)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_embeddable_agenda_alone_may_be_framed_by_any_site(client, registration) -> None:
    response = client.get("/api/embed/headers/")
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["*"]
    assert directives(response)["script-src"] == ["'self'"]
    assert "X-Frame-Options" not in response


def test_policy_reports_to_the_configured_address(client, registration, settings) -> None:
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "report-uri": ["/csp-reports/"]}
    }
    assert directives(client.get("/"))["report-uri"] == ["/csp-reports/"]


def test_personal_pages_are_kept_by_no_cache(client, registration, admin_client) -> None:
    manage = tokens.manage_path(registration.code)
    pages = [manage, f"{manage}ticket/", f"{manage}ticket.ics"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control, path
    checkin = admin_client.get("/e/headers/check-in/")
    assert checkin.status_code == 200
    assert "no-store" in checkin["Cache-Control"]
    # Public pages stay cacheable.
    assert "no-store" not in client.get("/e/headers/").get("Cache-Control", "")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_browser_tests_notice_what_the_policy_refuses(live_server) -> None:
    """The check every browser test makes (tests/browser.py) sees a refused inline script."""
    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{live_server.url}/")
        # As an injected string would: a <script> element put into the page.
        page.evaluate(
            "const s = document.createElement('script');"
            "s.textContent = \"document.title = 'injected'\"; document.body.append(s)"
        )
        page.wait_for_timeout(200)
        assert page.title() != "injected"
        assert any("inline script" in text for text in browser.csp_violations)
        browser.csp_violations.clear()
