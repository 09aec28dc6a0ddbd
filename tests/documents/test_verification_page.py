# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""The public verification page: what was issued, to whom (the name only), and whether it stands."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from documents import services
from documents.enums import DocumentKind
from documents.models import VisaRequest
from documents.verification import token_for

pytestmark = pytest.mark.django_db


def _page(client, document, language: str = "en"):
    return client.get(
        reverse("documents:verify", args=[token_for(document.public_id)]), headers={"accept-language": language}
    )


@pytest.fixture
def letter(programme):
    return services.issue_document(edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION)


def test_a_valid_letter_shows_what_was_issued_to_whom(client, letter) -> None:
    response = _page(client, letter)
    assert response.status_code == 200
    body = response.content.decode()
    assert "This document was issued by the organisers and is valid." in body
    for shown in (letter.number, "Wang Yan", "Invitation letter", "The 19th Yangtze River Delta S&amp;T Forum"):
        assert shown in body
    for sha in letter.files.values_list("sha256", flat=True):
        assert sha in body
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_page_speaks_chinese(client, letter) -> None:
    body = _page(client, letter, "zh-hans").content.decode()
    assert "本文件由主办方出具，真实有效。" in body
    assert "王𠈌" in body


def test_the_page_shows_no_more_personal_data_than_the_name(client, programme, letter) -> None:
    body = _page(client, letter).content.decode()
    speaker = programme.speaker
    for private in (speaker.email, speaker.affiliation_zh_hans, "AI and manufacturing", speaker.honorific_en):
        assert private not in body


def test_a_visa_letter_page_never_shows_the_passport(client, programme) -> None:
    request = VisaRequest.objects.create(
        edition=programme.edition,
        speaker=programme.speaker,
        passport_name="WANG YAN",
        passport_number="E12345678",
        nationality="Singapore",
        birth_date=dt.date(1970, 5, 4),
        arrival=dt.date(2030, 7, 5),
        departure=dt.date(2030, 7, 9),
    )
    document = services.issue_visa_letter(visa_request=request)
    body = _page(client, document).content.decode()
    assert "Visa invitation letter" in body
    for private in ("E12345678", "Singapore", "1970", "WANG YAN"):
        assert private not in body


def test_a_revoked_letter_says_so_and_names_its_replacement(client, letter) -> None:
    new = services.regenerate_document(document=letter)
    body = _page(client, letter).content.decode()
    assert "This document has been revoked and is no longer valid." in body
    assert f"It was replaced by document {new.number}." in body
    assert "is valid" not in body


def test_a_made_up_address_is_404_without_a_query(client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        assert client.get("/d/0123456789abcdef0123456789abcdef:forged/").status_code == 404


def test_the_page_reads_the_document_in_two_queries(client, letter, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        assert _page(client, letter).status_code == 200
