# ruff: noqa: RUF001 - Chinese titles use full-width punctuation
"""A venue screen in Chromium: it shows what is on, and a republished change
arrives by itself, without the page reloading. Screenshots at 1920x1080 (the
screen) and 390 px (a phone), in both languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from notifications.services import publish_and_notify
from tests.browser import ARTIFACTS, chromium

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_room_screen_shows_a_republished_change_without_reloading(live_server, programme) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    url = f"{live_server.url}/e/{programme.edition.slug}/screens/{programme.hall_a.pk}/?refresh=2"
    with chromium() as browser:
        page = browser.new_page(locale="zh-CN", viewport={"width": 1920, "height": 1080})
        page.goto(url)
        now = page.locator("[data-slot=now]")
        expect(now.locator(".title .primary")).to_have_text("大模型与科学发现")
        expect(now.locator(".title .secondary")).to_have_text("Large models and scientific discovery")
        expect(now.locator(".label .primary")).to_have_text("正在进行")
        expect(page.locator("[data-slot=next] .title .primary")).to_have_text("圆桌：产学研协同")
        expect(page.locator("[data-slot=next] .kind")).to_have_text("圆桌对话")
        expect(page.locator("[data-clock]")).to_have_text(re.compile(r"^\d\d:\d\d$"))
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.screenshot(path=str(ARTIFACTS / "screens-room-zh-1920.png"))
        page.evaluate("window.notReloaded = true")

        programme.following.title_zh_hans = "圆桌：产学研协同（改至本厅）"
        programme.following.save()
        programme.current.room = programme.hall_b  # the talk on now moves to another hall
        programme.current.save()
        publish_and_notify(edition=programme.edition)

        expect(page.locator("[data-slot=next] .title .primary")).to_have_text("圆桌：产学研协同（改至本厅）")
        expect(now.locator(".label.empty .primary")).to_have_text("本会场当前暂无活动")
        assert page.evaluate("window.notReloaded === true")
        assert page.get_attribute("body", "data-version") == "2"
        page.screenshot(path=str(ARTIFACTS / "screens-room-zh-1920-after-republish.png"))
        page.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_screens_fit_a_venue_screen_and_a_phone(live_server, programme, locale) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    base = f"{live_server.url}/e/{programme.edition.slug}/screens/"
    with chromium() as browser:
        for name, viewport in (("1920", {"width": 1920, "height": 1080}), ("390", {"width": 390, "height": 844})):
            page = browser.new_page(locale=locale, viewport=viewport)
            page.goto(base)
            card = page.locator(f"[data-room='{programme.hall_a.pk}']")
            title = "Large models and scientific discovery" if locale == "en-GB" else "大模型与科学发现"
            expect(card.locator("[data-slot=now] .title .primary")).to_have_text(title)
            expect(page.locator(f"[data-room='{programme.hall_b.pk}'] [data-slot=now] .label.empty")).to_have_count(1)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the lobby scrolls sideways at {name} px"
            page.screenshot(path=str(ARTIFACTS / f"screens-lobby-{locale}-{name}.png"), full_page=True)
            page.goto(f"{base}{programme.hall_a.pk}/")
            expect(page.locator("[data-slot=now] .title .primary")).to_have_text(title)
            assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the room screen scrolls sideways at {name} px"
            page.screenshot(path=str(ARTIFACTS / f"screens-room-{locale}-{name}.png"), full_page=True)
            page.close()
