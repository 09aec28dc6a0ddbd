# ruff: noqa: RUF001 - times are printed with an en dash
"""The organisers' timetable in Chromium: dragging a block to another room and time saves it;
dropping it on a clash says which session is in the way and saves nothing; the keyboard,
resizing and the tray do the same moves; publishing goes through the preview; the print
view is an A4 or A3 landscape page per day."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from forums.enums import ForumTeamRole
from notifications.services import publish_and_notify
from sessions.models import AgendaVersion, Session
from tests.browser import ARTIFACTS, chromium
from tests.factories import (
    EDITION_START,
    EditionFactory,
    ForumMembershipFactory,
    RegistrationFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SubForumChoiceFactory,
    SubForumFactory,
    SuperUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at(hour: int, minute: int = 0) -> dt.datetime:
    """That time on the edition's first day, in its zone (Shanghai)."""
    return EDITION_START.replace(hour=hour, minute=minute)


@pytest.fixture
def agenda() -> dict[str, Any]:
    edition = EditionFactory(title_en="19th Forum", title_zh_hans="第十九届论坛")
    hall_a = RoomFactory(venue=edition.venue, name_en="Hall A", name_zh_hans="A厅")
    hall_b = RoomFactory(venue=edition.venue, name_en="Hall B", name_zh_hans="B厅")
    sub_forum = SubForumFactory(edition=edition, room=hall_b, start=at(9), end=at(18), title_en="AI forum")
    talk = SessionFactory(
        edition=edition, sub_forum=sub_forum, room=hall_a, start=at(10), end=at(10, 30), title_en="Robots in farming"
    )
    address = SessionFactory(
        edition=edition, room=hall_b, start=at(14), end=at(15), title_en="Opening address", title_zh_hans="开幕致辞"
    )
    unplaced = SessionFactory(
        edition=edition, sub_forum=sub_forum, room=None, start=at(16), end=at(16, 30), title_en="Poster pitches"
    )
    tea = SessionFactory(edition=edition, room=None, kind="break", start=at(12), end=at(12, 30), title_en="Tea")
    return {
        "edition": edition, "hall_a": hall_a, "hall_b": hall_b, "sub_forum": sub_forum,
        "talk": talk, "address": address, "unplaced": unplaced, "tea": tea,
    }  # fmt: skip


def _logged_in(
    browser: Any, live_server: Any, user: Any, *, locale: str = "en-US", width: int = 1280, has_touch: bool = False
) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900}, has_touch=has_touch)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context.new_page()


def _timetable(live_server: Any, edition: Any, query: str = "") -> str:
    return live_server.url + reverse("admin:forums_edition_timetable", args=[edition.pk]) + query


def _drag(page: Any, session: Session, *, to_room: Any, to_minute: int, touch: bool = False) -> None:
    """Drag the block by a point near its top so its top edge lands on ``to_minute`` in ``to_room``'s column:
    with the mouse, or with a finger (touch events as a touch screen sends them, through DevTools)."""
    block = page.locator(f'.tt-block[data-id="{session.pk}"]')
    box = block.bounding_box()
    target = page.evaluate(
        """([room, minute]) => {
            const day = [...document.querySelectorAll('.tt-day')].find(d => !d.hidden);
            const head = day.querySelector(`.tt-room[data-room="${room}"]`).getBoundingClientRect();
            const slot = parseFloat(getComputedStyle(document.getElementById('timetable')).getPropertyValue('--slot'));
            return {x: head.left + head.width / 2, top: head.bottom + (minute - day.dataset.first) / 5 * slot};
        }""",
        [to_room.pk, to_minute],
    )
    grab_x, grab_y = box["x"] + 10, box["y"] + 4
    if touch:
        _touch_drag(page, (grab_x, grab_y), (target["x"], target["top"] + 4))
        return
    page.mouse.move(grab_x, grab_y)
    page.mouse.down()
    page.mouse.move(grab_x + 5, grab_y + 5, steps=2)
    page.mouse.move(target["x"], target["top"] + 4, steps=12)
    page.mouse.up()


def _touch_drag(page: Any, start: tuple[float, float], end: tuple[float, float], steps: int = 12) -> None:
    devtools = page.context.new_cdp_session(page)

    def touch(kind: str, x: float, y: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
        devtools.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    (x0, y0), (x1, y1) = start, end
    touch("touchStart", x0, y0)
    touch("touchMove", x0 + 5, y0 + 5)
    for step in range(1, steps + 1):
        touch("touchMove", x0 + (x1 - x0) * step / steps, y0 + (y1 - y0) * step / steps)
    touch("touchEnd", x1, y1)


def _saved(session: Session) -> tuple:
    session.refresh_from_db()
    return session.room_id, session.start, session.end


def test_dragging_a_block_to_another_room_and_time_saves_it(live_server, agenda) -> None:
    talk, hall_b = agenda["talk"], agenda["hall_b"]
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory())
        page.goto(_timetable(live_server, agenda["edition"]))
        expect(page.locator(".tt-block")).to_have_count(3)  # the talk, the address and the tea break
        _drag(page, talk, to_room=hall_b, to_minute=11 * 60)
        expect(page.locator("#tt-status")).to_contain_text("Saved: “Robots in farming”")
        block = page.locator(f'.tt-block[data-id="{talk.pk}"]')
        expect(block).to_have_attribute("data-room", str(hall_b.pk))
        expect(block.locator(".tt-time")).to_have_text("11:00–11:30")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "timetable-drag-en-1280.png"), full_page=True)
        page.reload()
        expect(page.locator(f'.tt-block[data-id="{talk.pk}"] .tt-time')).to_have_text("11:00–11:30")
    assert _saved(talk) == (hall_b.pk, at(11), at(11, 30))


def test_dragging_a_block_with_a_finger_saves_it(live_server, agenda) -> None:
    talk, hall_b = agenda["talk"], agenda["hall_b"]
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory(), width=1024, has_touch=True)
        page.goto(_timetable(live_server, agenda["edition"]))
        page.evaluate(
            "window.pointerTypes = [];"
            "document.addEventListener('pointerdown', (e) => window.pointerTypes.push(e.pointerType), true)"
        )
        _drag(page, talk, to_room=hall_b, to_minute=11 * 60 + 30, touch=True)
        expect(page.locator("#tt-status.tt-ok")).to_contain_text("Saved: “Robots in farming”")
        assert page.evaluate("window.pointerTypes") == ["touch"]  # a finger, not a mouse
        block = page.locator(f'.tt-block[data-id="{talk.pk}"]')
        expect(block).to_have_attribute("data-room", str(hall_b.pk))
        expect(block.locator(".tt-time")).to_have_text("11:30–12:00")
        page.screenshot(path=str(ARTIFACTS / "timetable-touch-drag-en-1024.png"), full_page=True)
    assert _saved(talk) == (hall_b.pk, at(11, 30), at(12))


def _drag_onto(page: Any, session: Session, target: Any) -> None:
    box = page.locator(f'[data-id="{session.pk}"]').bounding_box()
    to = target.bounding_box()
    page.mouse.move(box["x"] + 10, box["y"] + 4)
    page.mouse.down()
    page.mouse.move(box["x"] + 15, box["y"] + 9, steps=2)
    page.mouse.move(to["x"] + to["width"] / 2, to["y"] + to["height"] / 2, steps=12)
    page.mouse.up()


def test_dragging_a_block_onto_another_day_or_the_tray(live_server, agenda) -> None:
    talk, address, hall_b = agenda["talk"], agenda["address"], agenda["hall_b"]
    next_day = dt.timedelta(days=1)
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory())
        page.goto(_timetable(live_server, agenda["edition"]))
        _drag_onto(page, address, page.locator(".tt-day-tab").nth(1))
        expect(page.locator("#tt-status.tt-ok")).to_contain_text("2030-07-07 14:00–15:00, Hall B")
        expect(page.locator("#tt-day-2030-07-07")).to_be_visible()  # the day dropped on is shown
        assert _saved(address) == (hall_b.pk, at(14) + next_day, at(15) + next_day)

        page.locator(".tt-day-tab").first.click()
        _drag_onto(page, talk, page.locator(".tt-tray"))
        expect(page.locator("#tt-status.tt-ok")).to_contain_text("no room")
        expect(page.locator(f'.tt-tray-item[data-id="{talk.pk}"]')).to_be_visible()
    assert _saved(talk) == (None, at(10), at(10, 30))


def test_dropping_onto_a_clash_names_the_other_session_and_saves_nothing(live_server, agenda) -> None:
    talk, hall_b = agenda["talk"], agenda["hall_b"]
    before = _saved(talk)
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory())
        page.goto(_timetable(live_server, agenda["edition"]))
        _drag(page, talk, to_room=hall_b, to_minute=14 * 60 + 15)
        status = page.locator("#tt-status.tt-error")
        expect(status).to_contain_text("is already booked at this time by “Opening address” (2030-07-06 14:00–15:00)")
        block = page.locator(f'.tt-block[data-id="{talk.pk}"]')
        expect(block).to_have_attribute("data-room", str(agenda["hall_a"].pk))  # back where it was
        expect(block.locator(".tt-time")).to_have_text("10:00–10:30")
        page.screenshot(path=str(ARTIFACTS / "timetable-clash-en-1280.png"), full_page=True)
    assert _saved(talk) == before


def test_keyboard_moves_resizing_and_the_tray(live_server, agenda) -> None:
    talk, hall_a, hall_b, unplaced = agenda["talk"], agenda["hall_a"], agenda["hall_b"], agenda["unplaced"]
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory())
        page.goto(_timetable(live_server, agenda["edition"]))
        block = page.locator(f'.tt-block[data-id="{talk.pk}"]')
        block.focus()
        page.keyboard.press("Enter")
        expect(block).to_have_class(re.compile("tt-moving"))
        page.keyboard.press("ArrowRight")
        for _ in range(6):
            page.keyboard.press("ArrowDown")  # 30 minutes later
        page.keyboard.press("Shift+ArrowDown")  # 5 minutes longer
        expect(page.locator("#tt-status")).to_contain_text("10:30–11:05, Hall B")
        page.keyboard.press("Enter")
        expect(page.locator("#tt-status.tt-ok")).to_contain_text("Saved")
        assert _saved(talk) == (hall_b.pk, at(10, 30), at(11, 5))

        # Resizing: the lower edge dragged 25 minutes (5 rows) down.
        box = block.bounding_box()
        slot = page.evaluate(
            "parseFloat(getComputedStyle(document.getElementById('timetable')).getPropertyValue('--slot'))"
        )
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 2)
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] + 5 * slot, steps=8)
        page.mouse.up()
        expect(page.locator("#tt-status.tt-ok")).to_contain_text("10:30\u201311:30")
        assert _saved(talk) == (hall_b.pk, at(10, 30), at(11, 30))

        # The tray: a session without a room, placed with the keyboard into Hall A.
        item = page.locator(f'.tt-tray-item[data-id="{unplaced.pk}"]')
        expect(item).to_be_visible()
        item.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")
        expect(page.locator("#tt-status.tt-ok")).to_contain_text("“Poster pitches”")
        expect(page.locator(f'.tt-block[data-id="{unplaced.pk}"]')).to_have_attribute("data-room", str(hall_a.pk))
        page.screenshot(path=str(ARTIFACTS / "timetable-keyboard-en-1280.png"), full_page=True)
    assert _saved(unplaced) == (hall_a.pk, at(16), at(16, 30))


def test_publishing_through_the_preview_shows_the_version_and_the_notices(live_server, agenda) -> None:
    edition, talk = agenda["edition"], agenda["talk"]
    SessionSpeakerFactory(session=talk)
    for _ in range(2):
        SubForumChoiceFactory(registration=RegistrationFactory(edition=edition), sub_forum=agenda["sub_forum"])
    publish_and_notify(edition=edition)
    Session.objects.filter(pk=talk.pk).update(start=at(11), end=at(11, 30))
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory())
        page.goto(_timetable(live_server, edition))
        expect(page.locator(".tt-unpublished")).to_contain_text("1 unpublished change")
        expect(page.locator(f'.tt-block[data-id="{talk.pk}"]')).to_have_class(re.compile("tt-changed"))
        page.get_by_role("link", name="Publish…").click()
        expect(page.get_by_role("heading", name="1 change to be recorded")).to_be_visible()
        expect(page.locator("#changelog")).to_contain_text("Robots in farming")
        expect(page.locator("#changelog")).to_contain_text("new time")
        expect(page.locator("#notify-attendees")).to_have_text(
            "2 attendees will get a notice of the changes to their sessions."
        )
        expect(page.locator("#notify-speakers")).to_have_text("1 speaker will get a notice.")
        page.screenshot(path=str(ARTIFACTS / "timetable-publish-preview-en-1280.png"), full_page=True)
        page.get_by_label("Note").fill("Robots moved to 11:00")
        page.get_by_role("button", name="Publish version 2").click()
        expect(page.locator(".messagelist")).to_contain_text(
            "Published version 2 with 1 change(s): 3 notice(s) to attendees and speakers queued"
        )
        expect(page.locator(".unpublished-changes")).to_have_text("No unpublished changes: version 2 is live.")
    version = AgendaVersion.objects.get(edition=edition, number=2)
    assert version.note == "Robots moved to 11:00"


@pytest.mark.parametrize(("paper", "points"), [("a4", (842, 595)), ("a3", (1191, 842))])
def test_print_view_is_one_landscape_page_per_day(live_server, agenda, paper, points) -> None:
    SessionFactory(
        edition=agenda["edition"],
        room=agenda["hall_a"],
        start=at(9) + dt.timedelta(days=1),
        end=at(10) + dt.timedelta(days=1),
    )
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory())
        page.goto(_timetable(live_server, agenda["edition"], f"?print={paper}"))
        expect(page.locator(".tt-sheet")).to_have_count(3)  # the edition's three days
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) == 3
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {points}


@pytest.mark.parametrize(("locale", "width"), [("zh-CN", 390), ("en-US", 390), ("zh-CN", 1280)])
def test_timetable_reads_in_both_languages_and_on_a_phone(live_server, agenda, locale, width) -> None:
    with chromium() as browser:
        page = _logged_in(browser, live_server, SuperUserFactory(), locale=locale, width=width)
        page.goto(_timetable(live_server, agenda["edition"]))
        heading = "日程表" if locale == "zh-CN" else "Timetable"
        expect(page.locator(".breadcrumbs")).to_contain_text(heading)
        expect(page.locator(".tt-tray h2")).to_have_text("待排入的环节" if locale == "zh-CN" else "Not placed yet")
        page.screenshot(path=str(ARTIFACTS / f"timetable-{locale}-{width}.png"), full_page=True)
        # The page itself does not scroll sideways; the grid scrolls inside its own box.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_viewer_reads_the_timetable_but_cannot_move_anything(live_server, agenda) -> None:
    viewer = ForumMembershipFactory(forum=agenda["edition"].forum, role=ForumTeamRole.VIEWER).user
    with chromium() as browser:
        page = _logged_in(browser, live_server, viewer)
        page.goto(_timetable(live_server, agenda["edition"]))
        expect(page.locator(".tt-block")).to_have_count(3)
        expect(page.locator(".tt-editable")).to_have_count(0)
        expect(page.get_by_role("link", name="Publish…")).to_have_count(0)
