"""The attendee's own programme on a phone: starring a session of another
sub-forum with the page's script (the button flips, the page stays) and without
it (the form posts and comes back), and the calendar subscription link. Under
the Content-Security-Policy, with screenshots in both languages."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from attendees import services, tokens
from attendees.models import StarredSession
from notifications.services import publish_and_notify
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SessionFactory, SubForumFactory

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def attendee(db):
    edition = EditionFactory(title_zh_hans="第二十届长三角科技论坛", title_en="The 20th Yangtze River Delta S&T Forum")
    mine = SubForumFactory(edition=edition, title_zh_hans="人工智能分论坛", title_en="AI sub-forum")
    other = SubForumFactory(
        edition=edition, title_zh_hans="新材料分论坛", title_en="New materials sub-forum",
        start=mine.start + dt.timedelta(days=1), end=mine.end + dt.timedelta(days=1),
    )  # fmt: skip
    SessionFactory(edition=edition, title_zh_hans="开幕式", title_en="Opening ceremony")
    SessionFactory(edition=edition, sub_forum=mine, title_zh_hans="大模型与科学发现", title_en="Large models",
                   start=mine.start, end=mine.start + dt.timedelta(minutes=40))  # fmt: skip
    SessionFactory(edition=edition, sub_forum=other, title_zh_hans="二维材料的产业化", title_en="2D materials",
                   start=other.start, end=other.start + dt.timedelta(minutes=40))  # fmt: skip
    publish_and_notify(edition=edition)
    registration = services.register_attendee(
        edition=edition, registration_type=RegistrationTypeFactory(edition=edition, capacity=10),
        name="王小明", email="wang@example.org", sub_forums=[mine],
    )  # fmt: skip
    return services.confirm_registration(registration=registration)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_starring_a_session_on_a_phone(live_server, attendee, locale) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    zh = locale == "zh-CN"
    manage = f"{live_server.url}{tokens.manage_path(attendee.code)}"
    with chromium() as browser:
        page = browser.new_page(locale=locale, viewport={"width": 390, "height": 844}, has_touch=True)
        page.goto(manage)
        programme = page.locator("#programme")
        expect(programme).to_contain_text("大模型与科学发现" if zh else "Large models")
        expect(programme).not_to_contain_text("二维材料的产业化" if zh else "2D materials")
        assert page.get_attribute("[data-feed]", "href").startswith("webcal://")
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.screenshot(path=str(ARTIFACTS / f"programme-manage-{locale}-390.png"), full_page=True)

        page.get_by_role("link", name="添加其他分论坛的场次" if zh else "Add sessions of other sub-forums").tap()
        page.locator("summary").first.tap()
        button = page.get_by_role("button", name="☆ 加入我的日程" if zh else "☆ Add to my programme")
        page.evaluate("window.notReloaded = true")
        button.tap()
        pressed = page.locator("button.star[aria-pressed=true]")
        expect(pressed).to_have_text("★ 已加入我的日程" if zh else "★ In my programme")
        assert page.evaluate("window.notReloaded === true")  # the script sent it; the page stayed
        assert StarredSession.objects.filter(registration=attendee).count() == 1
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.screenshot(path=str(ARTIFACTS / f"programme-other-sessions-{locale}-390.png"), full_page=True)

        page.goto(manage)
        expect(programme).to_contain_text("二维材料的产业化" if zh else "2D materials")
        page.screenshot(path=str(ARTIFACTS / f"programme-manage-starred-{locale}-390.png"), full_page=True)
        page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_starring_works_without_javascript(live_server, attendee) -> None:
    manage = f"{live_server.url}{tokens.manage_path(attendee.code)}"
    with chromium() as browser:
        context = browser.new_context(
            locale="en-GB", viewport={"width": 1280, "height": 900}, java_script_enabled=False
        )
        page = context.new_page()
        page.goto(f"{manage}programme/")
        page.locator("summary").first.click()
        page.get_by_role("button", name="☆ Add to my programme").click()
        expect(page.locator(".messages")).to_have_text("Added to your programme.")
        expect(page.locator("button.star[aria-pressed=true]")).to_have_text("★ In my programme")
        page.goto(manage)
        expect(page.locator("#programme")).to_contain_text("2D materials")
        page.get_by_role("button", name="★ In my programme").click()  # unstar from the programme itself
        expect(page.locator(".messages")).to_have_text("Removed from your programme.")
        expect(page.locator("#programme")).not_to_contain_text("2D materials")
        page.screenshot(path=str(ARTIFACTS / "programme-manage-no-js-en-GB-1280.png"), full_page=True)
        context.close()
