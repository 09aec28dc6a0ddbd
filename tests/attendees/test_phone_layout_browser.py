"""The public pages on a phone (390 px) and a laptop (1280 px), in Chinese and English:
nothing scrolls sideways, and on a phone every table value keeps its column's name."""

from __future__ import annotations

import pytest
from django.db import transaction

from attendees import services, tokens
from notifications.services import publish_and_notify
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SessionFactory, SubForumFactory

LONG = "人工智能与先进制造业深度融合发展暨长三角一体化科技创新共同体建设分论坛"


@pytest.fixture
def pages(live_server) -> dict[str, str]:
    edition = EditionFactory(title_zh_hans="第二十届长三角科技论坛", title_en="The 20th Yangtze River Delta S&T Forum")
    registration_type = RegistrationTypeFactory(edition=edition, capacity=100)
    first = SubForumFactory(edition=edition, title_zh_hans=LONG, title_en="AI " * 30, capacity=80)
    SubForumFactory(edition=edition, title_zh_hans="开放论坛", title_en="Open forum", requires_registration=False)
    SessionFactory(edition=edition, sub_forum=first, title_zh_hans=LONG, title_en="A very long title " * 8)
    with transaction.atomic():
        registration = services.register_attendee(
            edition=edition,
            registration_type=registration_type,
            name="王小明",
            email="a-very-long-address-of-a-delegate@university-of-science-and-technology.example.org",
            sub_forums=[first],
        )
    services.confirm_registration(registration=registration)
    publish_and_notify(edition=edition)
    token = tokens.make_token(registration.code, tokens.MANAGE)
    return {
        "edition": f"/e/{edition.slug}/",
        "register": f"/e/{edition.slug}/register/",
        "agenda": f"/e/{edition.slug}/agenda/",
        "manage": f"/r/{token}/",
        "ticket": f"/r/{token}/ticket/",
    }


NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
# Every line of an agenda card spans the card (a phone has one column, not a squeezed grid).
SQUEEZED_CARD_LINES = """
[...document.querySelectorAll('.agenda .session > *')].filter(line =>
    line.getBoundingClientRect().width < 0.8 * line.parentElement.clientWidth - 32).length
"""
UNLABELLED_CELLS = """
[...document.querySelectorAll('table.stack td')].filter(td =>
    !td.dataset.label || getComputedStyle(td, '::before').content === 'none').length
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_public_pages_fit_a_phone_and_a_laptop(live_server, pages, locale) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        for width in (390, 1280):
            page = browser.new_page(locale=locale, viewport={"width": width, "height": 900})
            for name, path in pages.items():
                page.goto(f"{live_server.url}{path}")
                assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name} scrolls sideways at {width} px ({locale})"
                if width == 390:
                    assert page.evaluate(UNLABELLED_CELLS) == 0, f"{name}: a value lost its label ({locale})"
                    assert page.evaluate(SQUEEZED_CARD_LINES) == 0, f"{name}: a card is squeezed ({locale})"
                page.screenshot(path=str(ARTIFACTS / f"phone-layout-{name}-{locale}-{width}.png"), full_page=True)
            page.close()
