"""The demo's forum has its invitation letter template: `make run` shows a letter at once."""

from __future__ import annotations

from documents import services
from documents.enums import DocumentKind
from speakers.selectors import accepted_speakers
from tests.documents.pdf_tools import text_of


def test_a_demo_speaker_gets_the_forums_letter(demo) -> None:
    speaker = accepted_speakers(demo).first()
    document = services.issue_document(edition=demo, speaker=speaker, kind=DocumentKind.INVITATION)
    chinese = "".join(text_of(bytes(document.files.get(language="zh-hans").content)).split())
    english = " ".join(text_of(bytes(document.files.get(language="en").content)).split())
    assert f"{demo.title_zh_hans}定于" in chinese
    assert f"本届论坛主题为“{demo.theme_zh_hans}”" in chinese
    assert f"on the theme “{demo.theme_en}”" in english
