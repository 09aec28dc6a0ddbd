"""The edition dashboard in Chromium, in Chinese, on a laptop (1280 px) and a phone
(390 px): ECharts draws every chart from the project's static files under the CSP,
the labels are Chinese, nothing scrolls sideways, and the check-ins refresh by
themselves. Screenshots go to test-artifacts/."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from attendees.enums import RegistrationStatus
from forums.models import Edition, edition_scope
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from tests.browser import ARTIFACTS, chromium
from tests.factories import SuperUserFactory
from workspace import admin_dashboards

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
TOO_WIDE = """[...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className)"""
# A chart ECharts drew holds a canvas of the chart's size.
DRAWN_CHARTS = "[...document.querySelectorAll('.chart')].filter(c => c.querySelector('canvas')).map(c => c.id)"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_dashboard_in_chinese_draws_every_chart(live_server, monkeypatch, width, height) -> None:
    call_command("load_demo", stdout=StringIO())
    edition = Edition.objects.get(slug="yrd-st-forum-2022")
    for n, status in enumerate([OutboxStatus.SENT, OutboxStatus.SENT, OutboxStatus.FAILED]):
        OutboxMessage.objects.create(
            kind="registration_received", recipient=f"r{n}@example.org", dedupe_key=f"dashboard-{n}",
            message_id=f"<dashboard-{n}@agora>", scope=edition_scope(edition.pk), status=status,
        )  # fmt: skip
    monkeypatch.setattr(admin_dashboards, "REFRESH_SECONDS", 1)
    organiser = Client()
    organiser.force_login(SuperUserFactory())
    url = live_server.url + reverse("admin:forums_edition_dashboard", args=[edition.pk])

    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        cookie = organiser.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(url)

        expect(page.get_by_role("heading", name="报名趋势")).to_be_visible()
        expect(page.locator("#chart-timeline canvas")).to_have_count(1)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"dashboard-zh-{width}.png"), full_page=True)
        drawn = page.evaluate(DRAWN_CHARTS)
        assert sorted(drawn) == sorted(
            ["chart-timeline", "chart-types", "chart-sub-forums", "chart-check-ins", "chart-organisations",
             "chart-languages", "chart-mail"]
        )  # fmt: skip
        assert page.evaluate(NO_SIDEWAYS_SCROLL), page.evaluate(TOO_WIDE)
        assert "Registrations" not in page.locator("#content").inner_text()

        # Someone is checked in at the door; the page shows it without being reloaded.
        before = int(page.locator("#check-in-summary").get_attribute("data-checked-in"))
        registration = edition.registrations.filter(status=RegistrationStatus.CONFIRMED).first()
        registration.status, registration.checked_in_at = RegistrationStatus.CHECKED_IN, timezone.now()
        registration.save(update_fields=["status", "checked_in_at"])
        expect(page.locator("#check-in-summary")).to_have_attribute("data-checked-in", str(before + 1), timeout=10_000)
        expect(page.locator("#check-in-summary")).to_contain_text("签到")

        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"dashboard-zh-{width}.png"), full_page=True)
