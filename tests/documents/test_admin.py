# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
"""The organisers' documents admin: templates with clear errors, the lists' query counts, downloads
and visa requests, with the rule that a host acts only for its sub-forums' speakers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents import services
from documents.enums import DocumentKind
from documents.models import IssuedDocument, LetterTemplate, VisaRequest
from forums.enums import ForumTeamRole
from tests.documents.pdf_tools import text_of
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client) -> None:
    """The admin answers in the visitor's language; these tests read its English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _member(forum, role: str, **kwargs):
    return ForumMembershipFactory(forum=forum, role=role, **kwargs).user


def _template_form(forum, **overrides) -> dict:
    data = {
        "forum": forum.pk,
        "edition": "",
        "kind": DocumentKind.INVITATION,
        "title_zh_hans": "邀请函",
        "title_en": "Letter of Invitation",
        "body_zh_hans": "尊敬的{salutation}：\n\n{sessions}",
        "body_en": "Dear {salutation},\n\n{sessions}",
        "signatory_zh_hans": "组委会",
        "signatory_en": "The organising committee",
    }
    return data | overrides


def test_a_template_with_an_unknown_placeholder_is_refused_naming_it(client, programme) -> None:
    forum = programme.edition.forum
    client.force_login(_member(forum, ForumTeamRole.ORGANISER))
    url = reverse("admin:documents_lettertemplate_add")
    response = client.post(url, _template_form(forum, body_en="Dear {nmae},"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body_en"] == [
        "Unknown placeholders: {nmae}. Use only those listed below the text."
    ]
    assert not LetterTemplate.objects.exists()


def test_a_seal_that_is_not_a_picture_is_refused(client, programme) -> None:
    forum = programme.edition.forum
    client.force_login(_member(forum, ForumTeamRole.ORGANISER))
    fake = SimpleUploadedFile("seal.png", b"%PDF-1.4 not a picture", content_type="image/png")
    response = client.post(reverse("admin:documents_lettertemplate_add"), _template_form(forum, seal=fake))
    assert response.context["adminform"].form.errors["seal"] == [
        "This file is not a picture. Please upload a JPEG, PNG or WebP image."
    ]


def test_the_template_text_is_what_the_letter_prints(client, programme) -> None:
    forum = programme.edition.forum
    client.force_login(_member(forum, ForumTeamRole.ORGANISER))
    response = client.post(
        reverse("admin:documents_lettertemplate_add"),
        _template_form(forum, body_zh_hans="特邀{name}出席{edition}。", signatory_zh_hans="芜湖市科协"),
    )
    assert response.status_code == 302
    document = services.issue_document(
        edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION
    )
    text = text_of(bytes(document.files.get(language="zh-hans").content))
    assert "特邀王𠈌出席第十九届长三角科技论坛。" in text
    assert "芜湖市科协" in text


def _speakers(edition, sub_forum, count: int) -> None:
    for _ in range(count):
        session = SessionFactory(edition=edition, sub_forum=sub_forum)
        role = SessionSpeakerFactory(session=session)
        services.issue_document(edition=edition, speaker=role.speaker, kind=DocumentKind.INVITATION)


@pytest.mark.parametrize("count", [1, 4])
@pytest.mark.parametrize("page", ["documents_letterrecipient", "documents_issueddocument"])
def test_the_lists_read_a_fixed_number_of_queries(admin_client, django_assert_num_queries, count, page) -> None:
    edition = EditionFactory()
    _speakers(edition, SubForumFactory(edition=edition), count)
    url = reverse(f"admin:{page}_changelist")
    admin_client.get(url)  # the session and the user, once
    with django_assert_num_queries(8 if page == "documents_letterrecipient" else 9):  # + the mailing links
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count(edition.forum.slug) >= 0
    assert len(response.context["cl"].result_list) == count


def test_the_organiser_downloads_the_pdf_as_issued(client, programme) -> None:
    document = services.issue_document(
        edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION
    )
    client.force_login(_member(programme.edition.forum, ForumTeamRole.ORGANISER))
    response = client.get(reverse("admin:documents_issueddocument_pdf", args=[document.pk, "en"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{document.number}-en.pdf"'
    assert response.content == bytes(document.files.get(language="en").content)
    assert client.get(reverse("admin:documents_issueddocument_pdf", args=[document.pk, "fr"])).status_code == 404


def test_a_host_acts_only_for_its_own_sub_forums_speakers(client, programme) -> None:
    edition = programme.edition
    other_sub_forum = SubForumFactory(edition=edition)
    hosting = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
    hosting.sub_forums.set([other_sub_forum])
    client.force_login(hosting.user)
    document = services.issue_document(edition=edition, speaker=programme.speaker, kind=DocumentKind.INVITATION)

    assert client.get(reverse("admin:documents_issueddocument_pdf", args=[document.pk, "en"])).status_code == 404
    response = client.post(
        reverse("admin:documents_issueddocument_changelist"),
        {"action": "revoke_documents", "_selected_action": [document.pk]},
    )
    assert response.status_code in (200, 302)
    document.refresh_from_db()
    assert document.revoked_at is None
    visa = {
        "edition": edition.pk,
        "speaker": programme.speaker.pk,
        "passport_name": "WANG YAN",
        "passport_number": "E1",
        "nationality": "Singapore",
        "birth_date": "1970-05-04",
        "arrival": "2030-07-05",
        "departure": "2030-07-09",
    }
    response = client.post(reverse("admin:documents_visarequest_add"), visa)
    assert response.status_code in (403, 200)
    assert not VisaRequest.objects.exists()


def test_a_visa_request_for_someone_off_the_programme_is_refused(client, programme) -> None:
    edition = programme.edition
    client.force_login(_member(edition.forum, ForumTeamRole.ORGANISER))
    stranger = SessionSpeakerFactory().speaker  # on another edition's programme
    response = client.post(
        reverse("admin:documents_visarequest_add"),
        {
            "edition": edition.pk,
            "speaker": stranger.pk,
            "passport_name": "LI",
            "passport_number": "E2",
            "nationality": "Canada",
            "birth_date": "1970-05-04",
            "arrival": "2030-07-09",
            "departure": "2030-07-05",
        },
    )
    errors = response.context["adminform"].form.errors
    assert errors["speaker"] == [f"{stranger} has no session in {edition}, so no letter can be issued."]
    assert errors["departure"] == ["The day of leaving cannot come before the day of arrival."]


def test_the_visa_letter_prints_the_passport_details(programme) -> None:
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
    first = services.issue_visa_letter(visa_request=request)
    text = " ".join(text_of(bytes(first.files.get(language="en").content)).split())
    assert "WANG YAN (nationality: Singapore; date of birth: 4 May 1970; passport number: E12345678)" in text
    assert "from 5 July 2030 to 9 July 2030" in text
    # Issuing again for the same request replaces the letter instead of leaving two valid ones.
    second = services.issue_visa_letter(visa_request=request)
    assert list(IssuedDocument.objects.filter(visa_request=request, revoked_at__isnull=True)) == [second]


@pytest.mark.parametrize("page", ["admin:documents_visarequest_add", "admin:forum_sessions_session_add"])
def test_a_host_opens_an_add_page_with_an_edition_choice(client, programme, page) -> None:
    """The edition choice of a host is the edition of its sub-forums (a reverse path: sub_forums__pk)."""
    hosting = ForumMembershipFactory(forum=programme.edition.forum, role=ForumTeamRole.HOST, edition=programme.edition)
    hosting.sub_forums.set([programme.sub_forum])
    client.force_login(hosting.user)
    response = client.get(reverse(page))
    assert response.status_code == 200
    edition_field = response.context["adminform"].form.fields["edition"]
    assert list(edition_field.queryset) == [programme.edition]
