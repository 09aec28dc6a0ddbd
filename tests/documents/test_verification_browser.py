"""The verification page in Chromium, as someone who scanned the QR code sees it: on a phone and
a laptop, in Chinese and English, nothing scrolling sideways (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest

from documents import services
from documents.enums import DocumentKind
from documents.verification import verify_url
from tests.browser import ARTIFACTS, chromium

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("locale", "valid", "revoked"),
    [
        ("zh-CN", "本文件由主办方出具，真实有效。", "本文件已作废，不再有效。"),  # noqa: RUF001
        ("en-GB", "This document was issued by the organisers and is valid.", "This document has been revoked"),
    ],
)
def test_the_verification_page_reads_well_on_a_phone_and_a_laptop(live_server, programme, locale, valid, revoked):
    letter = services.issue_document(edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION)
    replaced = services.issue_document(
        edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION
    )
    services.regenerate_document(document=replaced)
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as browser:
        for width in (390, 1280):
            page = browser.new_page(locale=locale, viewport={"width": width, "height": 900})
            for name, document, expected in (("valid", letter, valid), ("revoked", replaced, revoked)):
                path = verify_url(document.public_id).split("/", 3)[3]
                page.goto(f"{live_server.url}/{path}")
                assert expected in page.inner_text("main")
                assert document.number in page.inner_text("main")
                assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{name} scrolls sideways at {width} px ({locale})"
                page.screenshot(path=str(ARTIFACTS / f"verify-{name}-{locale}-{width}.png"), full_page=True)
            page.close()
