# ruff: noqa: RUF001 - Chinese labels use full-width punctuation
"""The next edition made through the button, in Chromium, in Chinese on a laptop and
on a phone: the edition's page → “创建下一届” → the prefilled form → the new draft.
Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from forums.enums import EditionStatus
from forums.models import Edition
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory, SuperUserFactory

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_next_edition_through_the_button(live_server, width, height) -> None:
    previous = EditionFactory(number=19, year=2022, slug="yrd-2022", forum__slug="yrd", status=EditionStatus.CLOSED)
    SubForumFactory(edition=previous, slug="ai")
    RegistrationTypeFactory(edition=previous, slug="delegate")
    organiser = Client()
    organiser.force_login(SuperUserFactory())

    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        cookie = organiser.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + reverse("admin:forums_edition_change", args=[previous.pk]))
        page.get_by_role("link", name="创建下一届").click()

        expect(page.get_by_role("heading", level=1)).to_contain_text("的下一届")
        expect(page.locator("#id_number")).to_have_value("20")
        expect(page.locator("#id_year")).to_have_value("2023")
        expect(page.locator("#id_slug")).to_have_value("yrd-2023")
        expect(page.locator("#id_start_0")).to_have_value(f"{previous.start.year + 1}/07/06")  # the Chinese date format
        page.get_by_label("报名类型（名额与审核设置；不含已占名额）").uncheck()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"next-edition-form-zh-{width}.png"), full_page=True)
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.get_by_role("button", name="创建草稿届次").click()

        created = Edition.objects.get(slug="yrd-2023")
        expect(page).to_have_url(live_server.url + reverse("admin:forums_edition_change", args=[created.pk]))
        expect(page.locator(".messagelist")).to_contain_text("已根据")
        page.screenshot(path=str(ARTIFACTS / f"next-edition-created-zh-{width}.png"), full_page=True)
    assert (created.status, created.number) == (EditionStatus.DRAFT, 20)
    assert [sf.slug for sf in created.sub_forums.all()] == ["ai"]
    assert created.registration_types.count() == 0
    assert browser.csp_violations == []
