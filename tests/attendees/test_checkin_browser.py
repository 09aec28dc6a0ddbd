"""A volunteer checks an attendee in by holding the ticket's QR code up to the
camera: headless Chromium with a fake camera that films the code. Desktop
Chromium has no BarcodeDetector, so this is jsQR's path (as on iOS Safari)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from attendees import services
from attendees.models import Registration
from attendees.qr import ticket_qr
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory, SuperUserFactory


def write_video_of(text: str, path: Path, *, width: int = 640, height: int = 480, frames: int = 5) -> None:
    """A YUV4MPEG2 video (what Chromium's fake camera plays) of the ticket QR code of ``text``, on white."""
    rows = [list(row) for row in ticket_qr(text).matrix_iter(scale=1, border=4)]
    scale = int(min(width, height) * 0.8) // len(rows)
    left, top = (width - len(rows) * scale) // 2, (height - len(rows) * scale) // 2
    luma = bytearray([235]) * (width * height)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                for y in range(top + r * scale, top + (r + 1) * scale):
                    start = y * width + left + c * scale
                    luma[start : start + scale] = bytes([16]) * scale
    chroma = bytes([128]) * (width * height // 4)
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            out.write(b"FRAME\n" + luma + chroma + chroma)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_scanning_the_ticket_with_the_camera_checks_the_attendee_in(live_server, tmp_path) -> None:
    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition, title_en="AI", capacity=10)
    registration_type = RegistrationTypeFactory(edition=edition, name_en="Delegate", capacity=10)
    registration = services.register_attendee(
        edition=edition, registration_type=registration_type, name="Zhao Lei", email="zhao@example.org",
        sub_forums=[sub_forum], language="en",
    )  # fmt: skip
    services.confirm_registration(registration=registration)
    volunteer = Client()
    volunteer.force_login(SuperUserFactory())
    video = tmp_path / "ticket.y4m"
    write_video_of(registration.code, video)
    camera = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream")

    with chromium(*camera, f"--use-file-for-fake-video-capture={video}") as browser:
        context = browser.new_context(locale="en-US", viewport={"width": 412, "height": 900})
        context.grant_permissions(["camera"], origin=live_server.url)
        cookie = volunteer.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.goto(live_server.url + reverse("attendees:checkin", args=[edition.slug]))
        page.get_by_role("button", name="Scan with camera").click()

        expect(page.get_by_role("heading", name="Welcome — checked in")).to_be_visible(timeout=20_000)
        expect(page.get_by_text("Zhao Lei")).to_be_visible()
        expect(page.locator(".checkin-result")).to_contain_text("Delegate")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "checkin-camera-en.png"), full_page=True)

    registration = Registration.objects.get(pk=registration.pk)
    assert registration.checked_in_at is not None
