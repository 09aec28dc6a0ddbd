"""A real browser (Debian's Chromium through Playwright) registers in Chinese,
follows the confirmation link from the e-mail and sees the ticket."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_register_in_chinese_confirm_from_email_and_see_ticket(live_server, mailoutbox, settings):
    settings.SITE_URL = live_server.url
    edition = EditionFactory(title_zh_hans="第二十届科技论坛", title_en="The 20th Science Forum")
    RegistrationTypeFactory(edition=edition, name_zh_hans="参会代表", name_en="Delegate", capacity=100)
    sub_forum = SubForumFactory(edition=edition, title_zh_hans="人工智能分论坛", title_en="AI", capacity=50)
    SubForumFactory(edition=edition, title_zh_hans="芯片分论坛", title_en="Chips", start=sub_forum.end)

    with chromium() as browser:
        page = browser.new_page(locale="zh-CN", viewport={"width": 412, "height": 900})
        page.goto(f"{live_server.url}/e/{edition.slug}/")
        expect(page.get_by_role("heading", name="第二十届科技论坛")).to_be_visible()
        page.get_by_role("link", name="报名").click()

        page.get_by_label("参会代表").check()
        page.get_by_label("姓名").fill("王小明")
        page.get_by_label("电子邮箱").fill("wang@example.org")
        page.get_by_label("工作单位").fill("安徽大学")
        page.get_by_label(re.compile("人工智能分论坛")).check()
        page.get_by_role("button", name="报名").click()
        expect(page.get_by_role("heading", name="请查收邮件")).to_be_visible()

        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == ["wang@example.org"]
        assert message.subject == "请确认您的第二十届科技论坛报名"
        link = re.search(r"(http://\S+/r/confirm/\S+/)", message.body).group(1)
        page.goto(link)
        expect(page.get_by_text("报名已确认，期待与您相见！")).to_be_visible()  # noqa: RUF001

        page.get_by_role("link", name="参会凭证").click()
        registration = Registration.objects.get()
        assert registration.status == RegistrationStatus.CONFIRMED
        expect(page.locator(".qr svg")).to_be_visible()
        expect(page.locator(".ticket-code")).to_have_text(registration.code)
        expect(page.locator(".ticket li")).to_contain_text(["人工智能分论坛"])
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "registration-ticket-zh.png"), full_page=True)
