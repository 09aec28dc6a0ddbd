"""Mail to attendees and the audit log in Chromium, in Chinese, on a laptop and a phone:
the count and both previews are shown, nothing scrolls sideways, the test button
sends to the organiser alone. Screenshots go to test-artifacts/."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from notifications import mail_templates
from notifications.models import TargetedMail, TargetedMailText
from outbox.models import OutboxMessage
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, RegistrationFactory, SuperUserFactory

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_targeted_mail_page_in_chinese(live_server, width, height) -> None:
    edition = EditionFactory()
    for n in range(3):
        RegistrationFactory(edition=edition, name=f"参会者{n}", language="en" if n else "zh-hans")
    mail = TargetedMail.objects.create(edition=edition, name="会前须知")
    for language, (subject, text) in mail_templates.BY_KEY["practical"].texts.items():
        TargetedMailText.objects.create(mail=mail, language=language, subject=subject, body_text=text)
    organiser = Client()
    organiser.force_login(SuperUserFactory(email="organiser@example.org"))

    with chromium() as browser:
        context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": height})
        cookie = organiser.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + reverse("admin:notifications_targetedmail_change", args=[mail.pk]))
        expect(page.locator("#recipient-count")).to_have_attribute("data-count", "3")
        expect(page.locator("#recipient-count")).to_contain_text("3 位收件人")
        expect(page.locator(".mail-preview")).to_have_count(2)
        expect(page.locator(".mail-preview[lang=zh-hans]")).to_contain_text("参会须知")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"targeted-mail-zh-{width}.png"), full_page=True)
        assert page.evaluate(NO_SIDEWAYS_SCROLL)
        page.get_by_role("button", name="发送测试邮件给我").click()
        expect(page.locator(".messagelist")).to_contain_text("organiser@example.org")

        page.goto(live_server.url + reverse("admin:audit_auditentry_changelist"))
        expect(page.locator("#result_list")).to_contain_text("已发送测试邮件")
        page.screenshot(path=str(ARTIFACTS / f"audit-log-zh-{width}.png"), full_page=True)
    assert set(OutboxMessage.objects.values_list("recipient", flat=True)) == {"organiser@example.org"}
    assert browser.csp_violations == []
