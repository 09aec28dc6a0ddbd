"""The organiser's speaker pages added with the invitations and letters, on the demo, in
Chinese, on a phone (390 px) and a laptop (1280 px): the invitation page for sessions, the
page recording a consent given on paper, the page e-mailing an edition's letters and the
login-security list. Each reads in Chinese, never scrolls sideways, and is saved to
test-artifacts/ to be looked at."""

from __future__ import annotations

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from forums.models import Edition
from sessions.models import Session
from tests.browser import ARTIFACTS, chromium
from tests.factories import SuperUserFactory

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_speaker_admin_pages_read_in_chinese_on_a_phone_and_a_laptop(live_server) -> None:
    call_command("load_demo", stdout=StringIO())
    edition = Edition.objects.get(slug="yrd-st-forum-2022")
    sessions = list(Session.objects.filter(edition=edition).exclude(speakers=None).order_by("start")[:2])
    speaker = sessions[0].speakers.first()
    pages = {
        # name: (address, a heading the page shows in Chinese)
        "invite": (
            reverse("admin:forum_sessions_session_invite") + f"?sessions={sessions[0].pk}&sessions={sessions[1].pk}",
            "邀请",
        ),
        "paper-consent": (reverse("admin:speakers_consent_record", args=[speaker.pk]), "授权"),
        "letters-mail": (reverse("admin:documents_issueddocument_mail", args=[edition.pk]), "邀请函"),
        "login-security": (reverse("admin:axes_accessattempt_changelist"), "登录"),
    }
    organiser = Client()
    organiser.force_login(SuperUserFactory())
    cookie = organiser.cookies[settings.SESSION_COOKIE_NAME].value
    ARTIFACTS.mkdir(exist_ok=True)

    with chromium() as browser:
        for width in (390, 1280):
            context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
            page = context.new_page()
            for name, (address, heading) in pages.items():
                response = page.goto(live_server.url + address)
                assert response is not None, name
                assert response.status == 200, name
                expect(page.locator("#content h1")).to_contain_text(heading)
                page.screenshot(path=str(ARTIFACTS / f"speaker-admin-{name}-zh-{width}.png"), full_page=True)
                assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name} scrolls sideways at {width} px"
            context.close()
