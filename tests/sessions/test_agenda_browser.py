# ruff: noqa: RUF001 - Chinese titles use full-width punctuation
"""The public agenda in Chromium, on a phone (390 px) and a laptop (1280 px), in Chinese
and English: parallel sub-forums side by side or stacked, no sideways scroll, day tabs
and filters that work, the abstract unfolding, and the session on now marked."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from notifications.services import publish_and_notify
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, RoomFactory, SessionFactory, SessionSpeakerFactory, SubForumFactory

LONG = "人工智能与先进制造业深度融合发展暨长三角一体化科技创新共同体建设分论坛"
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"
TRACK_BOXES = """[...document.querySelectorAll('.track')].map(t => {
    const r = t.getBoundingClientRect(); return [r.left, r.top, r.bottom]; })"""
VISIBLE_SESSIONS = "[...document.querySelectorAll('.session')].map(s => s.id)"


@pytest.fixture
def agenda(live_server) -> dict:
    edition = EditionFactory(title_zh_hans="第二十届长三角科技论坛", title_en="The 20th Yangtze River Delta S&T Forum")
    start = edition.start
    SessionFactory(
        edition=edition,
        kind="opening",
        start=start,
        end=start + dt.timedelta(minutes=30),
        title_zh_hans="开幕式",
        title_en="Opening ceremony",
    )
    keynote = SessionFactory(
        edition=edition,
        kind="keynote",
        start=start + dt.timedelta(minutes=30),
        end=start + dt.timedelta(hours=1),
        title_zh_hans="新一代人工智能的机遇与挑战",
        title_en="Opportunities and challenges of new-generation AI",
        abstract_zh_hans="报告回顾人工智能的发展历程，并展望其在制造业中的应用。",
        abstract_en="A look back at AI and ahead at its use in manufacturing.",
    )
    SessionSpeakerFactory(session=keynote)
    sub_forums = []
    for i in range(6):
        room = RoomFactory(venue=edition.venue)
        sub_forum = SubForumFactory(
            edition=edition,
            room=room,
            title_zh_hans=f"{LONG}{i}" if i == 0 else f"第{i + 1}分论坛：产业创新",
            title_en=("AI " * 25 if i == 0 else f"Sub-forum {i + 1}: industrial innovation"),
        )
        sub_forums.append(sub_forum)
        for j in range(2):
            begin = start + dt.timedelta(hours=5, minutes=40 * j)
            session = SessionFactory(
                edition=edition,
                sub_forum=sub_forum,
                room=room,
                kind="talk" if j else "round_table",
                start=begin,
                end=begin + dt.timedelta(minutes=40),
                title_zh_hans=f"{LONG}报告{i}-{j}" if i == 0 else f"报告{i}-{j}：数字经济",
                title_en=("A very long title " * 6) if i == 0 else f"Talk {i}-{j}: the digital economy",
                language="en" if i == 5 else "zh-hans",
            )
            SessionSpeakerFactory(session=session, role="moderator" if j else "speaker")
    second_day = start + dt.timedelta(days=1)
    closing = SessionFactory(edition=edition, kind="closing", start=second_day, end=second_day + dt.timedelta(hours=1))
    publish_and_notify(edition=edition)
    return {
        "url": f"{live_server.url}/e/{edition.slug}/agenda/",
        "edition": edition,
        "keynote": keynote,
        "closing": closing,
        "sub_forums": sub_forums,
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("locale", ["zh-CN", "en-GB"])
def test_public_agenda_on_a_phone_and_a_laptop(agenda, locale) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    during_keynote = agenda["keynote"].start + dt.timedelta(minutes=10)
    now_label = "进行中" if locale == "zh-CN" else "Now"
    with chromium() as browser:
        for width in (390, 1280):
            context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
            context.clock.set_fixed_time(during_keynote)
            page = context.new_page()
            page.goto(agenda["url"])
            assert page.evaluate(NO_SIDEWAYS_SCROLL), f"the agenda scrolls sideways at {width} px ({locale})"
            page.screenshot(path=str(ARTIFACTS / f"agenda-{locale}-{width}.png"), full_page=True)

            # The keynote is on now: marked, with its badge; nothing else is.
            assert page.eval_on_selector_all(".session.now", "items => items.map(i => i.id)") == [
                f"session-{agenda['keynote'].pk}"
            ]
            assert page.inner_text(f"#session-{agenda['keynote'].pk} .now-badge") == now_label

            # Six parallel sub-forums: side by side on a laptop, one under the other on a phone.
            boxes = page.evaluate(TRACK_BOXES)
            assert len(boxes) == 6
            if width == 1280:
                assert boxes[1][1] == boxes[0][1]
                assert boxes[1][0] > boxes[0][0]
            else:
                assert all(box[0] == boxes[0][0] for box in boxes)
                assert all(later[1] >= earlier[2] for earlier, later in itertools.pairwise(boxes))

            # The abstract is folded until asked for.
            abstract = page.locator(f"#session-{agenda['keynote'].pk} .abstract p")
            assert not abstract.is_visible()
            page.click(f"#session-{agenda['keynote'].pk} .abstract summary")
            assert abstract.is_visible()

            # A filter applies as soon as it is chosen.
            target = agenda["sub_forums"][2]
            with page.expect_navigation():
                page.select_option("#filter-sub-forum", target.slug)
            assert f"sub_forum={target.slug}" in page.url
            shown = page.evaluate(VISIBLE_SESSIONS)
            assert len(shown) == 2
            assert page.eval_on_selector_all(".track", "t => t.map(x => x.dataset.subForum)") == [target.slug]
            assert page.evaluate(NO_SIDEWAYS_SCROLL)
            page.screenshot(path=str(ARTIFACTS / f"agenda-{locale}-{width}-filtered.png"), full_page=True)

            # Language and kind filters, then back to everything.
            page.goto(agenda["url"])
            with page.expect_navigation():
                page.select_option("#filter-language", "en")
            assert len(page.evaluate(VISIBLE_SESSIONS)) == 2
            with page.expect_navigation():
                page.select_option("#filter-kind", "round_table")
            assert len(page.evaluate(VISIBLE_SESSIONS)) == 1

            # The second day's tab.
            page.goto(agenda["url"])
            page.click(".day-tabs a:nth-child(2)")
            page.wait_for_url("**day=*")
            assert page.evaluate(VISIBLE_SESSIONS) == [f"session-{agenda['closing'].pk}"]
            assert page.evaluate(NO_SIDEWAYS_SCROLL)
            page.screenshot(path=str(ARTIFACTS / f"agenda-{locale}-{width}-day2.png"), full_page=True)
            context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_page_kept_by_the_browser_is_confirmed_then_replaced_after_a_republish(agenda) -> None:
    """Coming back: the server answers 304 (no body; the browser shows the page it kept,
    and the kept page works: its language switch posts with its CSRF token); after a
    republish the browser gets the new agenda."""
    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        first = page.goto(agenda["url"])
        again = page.goto(agenda["url"])
        assert first.request.sizes()["responseBodySize"] > 0
        assert again.request.all_headers()["if-none-match"] == first.all_headers()["etag"]
        assert again.request.sizes()["responseBodySize"] == 0  # the server's 304
        assert "新一代人工智能的机遇与挑战" in page.inner_text("main")
        with page.expect_navigation():
            page.select_option("#lang-select", "en")
            page.click(".lang-switch button")
        assert "Opportunities and challenges of new-generation AI" in page.inner_text("main")

        keynote = agenda["keynote"]
        keynote.title_en = "Opportunities of AI, revised"
        keynote.save()
        publish_and_notify(edition=agenda["edition"])
        republished = page.goto(agenda["url"])
        assert republished.request.sizes()["responseBodySize"] > 0
        assert "Opportunities of AI, revised" in page.inner_text("main")
        context.close()
