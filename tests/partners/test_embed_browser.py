"""The embed snippet on a plain partner page, in headless Chromium (Debian's, via Playwright)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from forums.enums import EditionStatus
from forums.models import Edition
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory
from tests.fixtures.api import build_agenda


@pytest.fixture
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def demo(live_server, settings):
    settings.ROOT_URLCONF = "tests.partners.embed_urls"
    settings.SITE_URL = live_server.url
    edition = EditionFactory(slug="demo-embed")
    build_agenda(edition, 6)
    return edition


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "width"), [("en", 1200), ("zh-hans", 390)])
def test_script_snippet_shows_the_agenda(browser, live_server, demo, lang, width) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}/partner/{demo.slug}/script/?lang={lang}")
    title = demo.sessions.order_by("start", "pk").first()
    expected = title.title_en if lang == "en" else title.title_zh_hans
    page.get_by_text(expected, exact=True).wait_for(timeout=10_000)
    titles = page.locator(".agora-session-title").all_inner_texts()
    assert len(titles) == 6
    assert expected in titles
    assert page.locator(".agora-title").inner_text() == (demo.title_en if lang == "en" else demo.title_zh_hans)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"embed-script-{lang}-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


@pytest.mark.browser
def test_language_toggle_and_day_tabs(browser, live_server, demo) -> None:
    page = browser.new_page(viewport={"width": 800, "height": 900})
    page.goto(f"{live_server.url}/partner/{demo.slug}/script/?lang=en")
    page.locator(".agora-session-title").first.wait_for(timeout=10_000)
    page.locator(".agora-day").nth(2).click()  # tabs: all days, day one, day two
    assert page.locator(".agora-session-title").count() == 3
    page.locator(".agora-lang").click()
    page.get_by_text(demo.title_zh_hans, exact=True).wait_for(timeout=10_000)


@pytest.mark.browser
def test_iframe_snippet_shows_the_agenda(browser, live_server, demo) -> None:
    page = browser.new_page(viewport={"width": 1000, "height": 1000})
    page.goto(f"{live_server.url}/partner/{demo.slug}/iframe/?lang=en")
    frame = page.frame_locator("iframe")
    first = demo.sessions.order_by("start", "pk").first()
    frame.get_by_text(first.title_en, exact=True).wait_for(timeout=10_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-iframe-en.png"), full_page=True)


@pytest.mark.browser
def test_script_snippet_shows_the_demo_agenda(browser, live_server, settings) -> None:
    call_command("load_demo", "--no-admin", verbosity=0)
    settings.ROOT_URLCONF = "tests.partners.embed_urls"
    settings.SITE_URL = live_server.url
    edition = (
        Edition.objects.exclude(status=EditionStatus.DRAFT).filter(sessions__isnull=False).order_by("-start").first()
    )
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{live_server.url}/partner/{edition.slug}/script/?lang=zh-hans")
    expected = [s.title_zh_hans for s in edition.sessions.order_by("start", "pk")[:3]]
    page.get_by_text(expected[0], exact=True).first.wait_for(timeout=10_000)
    titles = page.locator(".agora-session-title").all_inner_texts()
    assert len(titles) == edition.sessions.count()
    assert set(expected) <= set(titles)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "embed-demo-zh-hans.png"), full_page=True)
