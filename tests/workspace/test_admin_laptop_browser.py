"""The organiser's busiest lists on a laptop (1280 px), in Chinese: the page never scrolls
sideways, every column heading is visible without scrolling the table, and the edition's
page links its dashboard and check-in page. Screenshots go to test-artifacts/."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from forums.models import Edition
from tests.browser import ARTIFACTS, chromium
from tests.factories import SuperUserFactory

LISTS = [
    "admin:attendees_registration_changelist",
    "admin:forum_sessions_session_changelist",
    "admin:forums_subforum_changelist",
    "admin:forums_edition_changelist",
]
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
# Headings cut off on the right of the results table (it scrolls inside itself when too wide).
HIDDEN_HEADINGS = """(() => {
    const edge = document.querySelector('#changelist .results').getBoundingClientRect().right + 1;
    return [...document.querySelectorAll('#result_list thead th')]
        .filter(th => th.getBoundingClientRect().right > edge).map(th => th.innerText);
})()"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_busy_lists_fit_a_laptop_in_chinese(live_server) -> None:
    call_command("load_demo", stdout=StringIO())
    edition = Edition.objects.get(slug="yrd-st-forum-2022")
    organiser = Client()
    organiser.force_login(SuperUserFactory())
    ARTIFACTS.mkdir(exist_ok=True)

    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
        cookie = organiser.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        for name in LISTS:
            page.goto(live_server.url + reverse(name))
            expect(page.locator("#result_list")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / f"admin-list-zh-1280-{name.split(':')[1]}.png"))
            assert page.evaluate(NO_SIDEWAYS_SCROLL), name
            assert page.evaluate(HIDDEN_HEADINGS) == [], name

        page.goto(live_server.url + reverse("admin:forums_edition_change", args=[edition.pk]))
        expect(page.get_by_role("link", name="数据看板")).to_be_visible()
        page.get_by_role("link", name="签到页面").click()
        expect(page).to_have_url(live_server.url + reverse("attendees:checkin", args=[edition.slug]))
