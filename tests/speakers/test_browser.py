# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""A real browser (Debian's Chromium): a speaker follows the invitation link in Chinese, accepts,
uploads a photo and slides, agrees to show the photo, and the public speaker page shows it."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from outbox.models import OutboxMessage
from sessions.enums import SpeakerRole
from speakers import invitations
from speakers.models import Material
from tests.browser import ARTIFACTS, chromium
from tests.factories import EditionFactory, SessionFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_speaker_accepts_in_chinese_uploads_photo_and_slides(live_server, settings, tmp_path) -> None:
    settings.SITE_URL = live_server.url
    # Photos stored on disk and served, so the public page's picture really loads.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.ROOT_URLCONF = "tests.speakers.media_urls"
    edition = EditionFactory(title_zh_hans="第二十届科技论坛", title_en="The 20th Science Forum")
    session = SessionFactory(edition=edition, title_zh_hans="圆桌对话：芯片与未来", title_en="Round table: chips")
    invitations.invite_speaker(
        session=session, role=SpeakerRole.PANELIST, email="chen@example.org", name="陈思远", language="zh-hans"
    )
    message = OutboxMessage.objects.get(kind="speakers.invitation")
    link = re.search(r"(http://\S+/speakers/invitation/\S+/)", message.body_text).group(1)
    photo = tmp_path / "chen.png"
    Image.new("RGB", (900, 700), (40, 90, 160)).save(photo)
    slides = tmp_path / "芯片与未来.pdf"
    slides.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    ARTIFACTS.mkdir(exist_ok=True)

    with chromium() as browser:
        page = browser.new_page(locale="zh-CN", viewport={"width": 390, "height": 900})
        page.goto(link)
        expect(page.get_by_role("heading", name="嘉宾邀请")).to_be_visible()
        expect(page.get_by_text("圆桌对话：芯片与未来")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "speaker-invitation-zh-390.png"), full_page=True)
        page.get_by_role("button", name="我接受邀请").click()

        expect(page.get_by_role("heading", name="您的嘉宾页面")).to_be_visible()
        expect(page.get_by_text("感谢您接受邀请！")).to_be_visible()
        page.get_by_label(re.compile("^照片")).set_input_files(str(photo))
        page.get_by_role("button", name="上传照片").click()
        expect(page.get_by_text("您的照片已保存。")).to_be_visible()
        expect(page.locator("img.speaker-photo")).to_be_visible()

        page.get_by_label(re.compile("我同意主办方将我的照片发布")).check()
        page.get_by_role("button", name="保存我的选择").click()
        expect(page.get_by_text("您的发布授权已记录。")).to_be_visible()

        page.get_by_label(re.compile("^文件")).set_input_files(str(slides))
        page.get_by_role("button", name="上传", exact=True).click()
        expect(page.get_by_text("文件已上传，主办方将在适当时候发布。")).to_be_visible()
        expect(page.get_by_role("link", name="芯片与未来.pdf")).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "speaker-page-zh-390.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(ARTIFACTS / "speaker-page-zh-1280.png"), full_page=True)

        material = Material.objects.get()
        assert (material.original_name, material.is_published) == ("芯片与未来.pdf", False)
        speaker = material.speaker
        assert speaker.publish_photo
        assert not speaker.publish_biography

        page.goto(f"{live_server.url}/e/{edition.slug}/speakers/{speaker.slug}/")
        expect(page.get_by_text("陈思远").first).to_be_visible()
        photo_on_page = page.locator(f'img[src="{speaker.photo.url}"]')
        expect(photo_on_page).to_be_visible()
        page.wait_for_load_state("networkidle")
        # Loaded and drawn: the 600 by 800 portrait the upload was cropped to.
        assert photo_on_page.evaluate("img => [img.complete, img.naturalWidth, img.naturalHeight]") == [True, 600, 800]
        page.screenshot(path=str(ARTIFACTS / "speaker-public-zh-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 900})
        page.screenshot(path=str(ARTIFACTS / "speaker-public-zh-390.png"), full_page=True)
        assert "chen@example.org" not in page.content()
