"""Inviting a speaker from the timetable in Chromium: a sub-forum host selects two of its blocks
(by a click and by Enter, which then picks rather than moves),
opens the invitation page with them, sends it and is back on the timetable."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from forums.enums import ForumTeamRole
from speakers.models import Invitation
from tests.browser import chromium
from tests.factories import (
    EDITION_START,
    EditionFactory,
    ForumMembershipFactory,
    RoomFactory,
    SessionFactory,
    SubForumFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page(browser: Any, live_server: Any, user: Any) -> Any:
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context.new_page()


def test_a_host_invites_a_speaker_to_blocks_selected_on_the_timetable(live_server) -> None:
    edition = EditionFactory(title_en="19th Forum")
    hall_a = RoomFactory(venue=edition.venue, name_en="Hall A")
    hall_b = RoomFactory(venue=edition.venue, name_en="Hall B")
    day = EDITION_START
    ours = SubForumFactory(edition=edition, room=hall_a, start=day.replace(hour=9), end=day.replace(hour=18))
    theirs = SubForumFactory(edition=edition, room=hall_b, start=day.replace(hour=9), end=day.replace(hour=18))
    first, second = (
        SessionFactory(
            edition=edition, sub_forum=ours, room=hall_a, start=day.replace(hour=h), end=day.replace(hour=h, minute=45)
        )
        for h in (10, 14)
    )
    other = SessionFactory(
        edition=edition, sub_forum=theirs, room=hall_b, start=day.replace(hour=10), end=day.replace(hour=11)
    )
    hosting = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
    hosting.sub_forums.set([ours])
    timetable = reverse("admin:forums_edition_timetable", args=[edition.pk])
    with chromium() as browser:
        page = _page(browser, live_server, hosting.user)
        page.goto(live_server.url + timetable)
        submit = page.locator(".tt-invite-submit")
        expect(submit).to_be_disabled()
        page.locator(".tt-invite-toggle").click()
        page.locator(f'.tt-block[data-id="{first.pk}"]').click()
        expect(page.locator(f'.tt-block[data-id="{other.pk}"]')).to_have_count(0)  # not the host's part
        block = page.locator(f'.tt-block[data-id="{second.pk}"]')
        block.focus()
        page.keyboard.press("Enter")  # picks, does not start a keyboard move
        expect(block).to_have_attribute("aria-checked", "true")
        expect(block).not_to_have_class("tt-moving")
        expect(page.locator(".tt-selected")).to_have_count(2)
        expect(page.locator(".tt-invite-count")).to_have_text("2")
        submit.click()
        expect(page.locator("#invite-form")).to_be_visible()
        ticked = page.locator('input[name="sessions"]:checked')
        expect(ticked).to_have_count(2)
        page.fill("#id_email", "guest@example.org")
        page.fill("#id_name", "Guest Speaker")
        page.select_option("#id_role", "panelist")
        page.locator('#invite-form input[type="submit"]').click()
        expect(page.locator("#timetable")).to_be_visible()
        expect(page.locator(".messagelist")).to_contain_text("2 invitation(s) sent.")
    invited = Invitation.objects.filter(email="guest@example.org")
    assert sorted(invited.values_list("session_id", flat=True)) == sorted([first.pk, second.pk])
    assert set(invited.values_list("role", flat=True)) == {"panelist"}
    first.refresh_from_db()
    assert (first.room_id, first.start) == (hall_a.pk, day.replace(hour=10))  # a click selects, never moves
