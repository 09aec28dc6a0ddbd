"""E-mailing letters: the PDF attached in the speaker's language, through the outbox, in the
audit trail; per letter (the issued documents' action) and for an edition's accepted speakers
(its page), a host for its own sub-forums' speakers only."""

from __future__ import annotations

import base64

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from audit.enums import Verb
from audit.models import AuditEntry
from documents import services
from documents.enums import DocumentKind
from documents.models import IssuedDocument
from forums.enums import ForumTeamRole
from outbox.models import OutboxMessage
from speakers.enums import InvitationStatus
from speakers.models import SpeakerProfile
from speakers.services import ensure_profile
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)
from tests.speakers.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client) -> None:
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _letter(edition, speaker) -> IssuedDocument:
    return services.issue_document(edition=edition, speaker=speaker, kind=DocumentKind.INVITATION)


def _organiser(client, edition) -> None:
    client.force_login(ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.ORGANISER).user)


def _mail_action(client, *documents):
    return client.post(
        reverse("admin:documents_issueddocument_changelist"),
        {"action": "mail_documents", ACTION_CHECKBOX_NAME: [d.pk for d in documents]},
    )


def _pdf_attached(message: OutboxMessage) -> tuple[str, bytes]:
    (item,) = message.attachments
    assert item["mimetype"] == "application/pdf"
    return item["filename"], base64.b64decode(item["content"])


def test_the_letter_goes_to_its_speaker_in_their_language(client, programme, django_capture_on_commit_callbacks):
    speaker = programme.speaker
    speaker.email = "wang.yan@example.org"
    speaker.save()
    ensure_profile(speaker=speaker, language="en")
    document = _letter(programme.edition, speaker)
    _organiser(client, programme.edition)
    with django_capture_on_commit_callbacks(execute=True):
        response = _mail_action(client, document)
    assert response.status_code == 302
    message = OutboxMessage.objects.get(kind="documents.letter")
    assert message.recipient == "wang.yan@example.org"
    assert message.language == "en"
    assert message.subject.startswith(
        f"The 19th Yangtze River Delta S&T Forum: your letter of invitation ({document.number})"
    )
    assert message.body_text.index("Dear Wang Yan,") < message.body_text.index("尊敬的王𠈌")  # theirs first
    filename, pdf = _pdf_attached(message)
    assert (filename, pdf) == (f"{document.number}-en.pdf", bytes(document.files.get(language="en").content))
    document.refresh_from_db()
    assert document.mail_count == 1
    assert document.mailed_at is not None
    entry = AuditEntry.objects.get(verb=Verb.MAIL_SENT, object_id=str(document.pk))
    assert entry.detail == {"number": document.number, "to": "wang.yan@example.org", "language": "en", "file": filename}
    _mail_action(client, document)  # sent again on request: a second message
    assert OutboxMessage.objects.filter(kind="documents.letter").count() == 2


def test_a_chinese_speaker_gets_the_chinese_pdf(client, programme) -> None:
    programme.speaker.email = "wang@example.org"
    programme.speaker.save()
    ensure_profile(speaker=programme.speaker, language="zh-hans")
    document = _letter(programme.edition, programme.speaker)
    _organiser(client, programme.edition)
    _mail_action(client, document)
    filename, pdf = _pdf_attached(OutboxMessage.objects.get(kind="documents.letter"))
    assert (filename, pdf) == (f"{document.number}-zh-hans.pdf", bytes(document.files.get(language="zh-hans").content))


def test_a_speaker_without_a_profile_gets_the_language_of_their_invitation_to_the_edition(client, programme) -> None:
    speaker = programme.speaker
    speaker.email = "wang.yan@example.org"
    speaker.save()
    session = speaker.roles.get().session
    InvitationFactory(session=session, speaker=speaker, language="en", status=InvitationStatus.ACCEPTED)
    # Invited later, in Chinese, to another forum's edition: this letter is for the first.
    InvitationFactory(session=SessionFactory(edition=EditionFactory()), speaker=speaker, language="zh-hans")
    assert not SpeakerProfile.objects.filter(speaker=speaker).exists()
    document = _letter(programme.edition, speaker)
    _organiser(client, programme.edition)
    _mail_action(client, document)
    message = OutboxMessage.objects.get(kind="documents.letter")
    assert message.language == "en"
    assert message.body_text.index("Dear Wang Yan,") < message.body_text.index("尊敬的王𠈌")
    filename, pdf = _pdf_attached(message)
    assert (filename, pdf) == (f"{document.number}-en.pdf", bytes(document.files.get(language="en").content))


def test_a_speaker_never_invited_and_without_a_profile_gets_chinese(client, programme) -> None:
    programme.speaker.email = "wang@example.org"
    programme.speaker.save()
    document = _letter(programme.edition, programme.speaker)
    _organiser(client, programme.edition)
    _mail_action(client, document)
    message = OutboxMessage.objects.get(kind="documents.letter")
    assert message.language == "zh-hans"
    assert _pdf_attached(message)[0] == f"{document.number}-zh-hans.pdf"


def test_a_revoked_letter_or_a_speaker_without_address_is_named_not_sent(client, programme) -> None:
    programme.speaker.email = ""
    programme.speaker.save()
    no_address = _letter(programme.edition, programme.speaker)
    other = SessionSpeakerFactory(session=SessionFactory(edition=programme.edition), speaker__email="x@example.org")
    revoked = services.revoke_document(document=_letter(programme.edition, other.speaker))
    _organiser(client, programme.edition)
    response = _mail_action(client, no_address, revoked)
    shown = sorted(str(m) for m in response.wsgi_request._messages)
    assert shown == sorted(
        [
            f"{programme.speaker} has no e-mail address, so {no_address.number} is not sent.",
            f"{revoked.number} is revoked, so it is not sent.",
        ]
    )
    assert not OutboxMessage.objects.filter(kind="documents.letter").exists()


def _edition_page(edition) -> str:
    return reverse("admin:documents_issueddocument_mail", args=[edition.pk])


def test_every_accepted_speaker_of_the_edition_gets_their_letter_once(client, programme) -> None:
    edition = programme.edition
    programme.speaker.email = "wang@example.org"
    programme.speaker.save()
    _letter(edition, programme.speaker)
    no_letter = SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker__email="n@example.org").speaker
    no_address = SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker__email="").speaker
    _letter(edition, no_address)
    _organiser(client, edition)
    page = client.get(_edition_page(edition))
    plan = page.context["plan"]
    assert [d.speaker for d in plan.to_send] == [programme.speaker]
    assert (plan.without_letter, plan.without_email) == ([no_letter], [no_address])
    assert client.post(_edition_page(edition)).status_code == 302
    assert list(OutboxMessage.objects.filter(kind="documents.letter").values_list("recipient", flat=True)) == [
        "wang@example.org"
    ]
    again = client.get(_edition_page(edition)).context["plan"]
    assert (again.to_send, [d.speaker for d in again.already_sent]) == ([], [programme.speaker])
    client.post(_edition_page(edition))  # a second click sends nothing twice
    assert OutboxMessage.objects.filter(kind="documents.letter").count() == 1


def test_letters_missing_are_issued_first_when_asked(client, programme) -> None:
    edition = programme.edition
    programme.speaker.email = "wang@example.org"
    programme.speaker.save()
    no_address = SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker__email="").speaker
    _organiser(client, edition)
    assert client.get(_edition_page(edition)).context["may_issue"] is True
    client.post(_edition_page(edition), {"issue_missing": "1"})
    document = IssuedDocument.objects.get(speaker=programme.speaker)
    message = OutboxMessage.objects.get(kind="documents.letter")
    assert (message.recipient, message.related_id) == ("wang@example.org", str(document.pk))
    assert not IssuedDocument.objects.filter(speaker=no_address).exists()  # no address: no letter issued to send


def test_a_host_mails_only_its_own_sub_forums_speakers(client, programme) -> None:
    edition = programme.edition
    programme.speaker.email = "ours@example.org"
    programme.speaker.save()
    _letter(edition, programme.speaker)
    elsewhere = SubForumFactory(edition=edition)
    theirs = SessionSpeakerFactory(
        session=SessionFactory(edition=edition, sub_forum=elsewhere), speaker__email="theirs@example.org"
    ).speaker
    their_letter = _letter(edition, theirs)
    hosting = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
    hosting.sub_forums.set([programme.sub_forum])
    client.force_login(hosting.user)
    assert [d.speaker for d in client.get(_edition_page(edition)).context["plan"].to_send] == [programme.speaker]
    client.post(_edition_page(edition))
    _mail_action(client, their_letter)  # not theirs to send: left alone
    assert list(OutboxMessage.objects.values_list("recipient", flat=True)) == ["ours@example.org"]


@pytest.mark.parametrize("count", [1, 5])
def test_the_edition_page_reads_a_fixed_number_of_queries(admin_client, django_assert_num_queries, programme, count):
    edition = programme.edition
    for n in range(count):
        speaker = SpeakerFactory(email=f"s{n}@example.org")
        SessionSpeakerFactory(session=SessionFactory(edition=edition), speaker=speaker)
        _letter(edition, speaker)
    admin_client.get(_edition_page(edition))
    with django_assert_num_queries(6):
        response = admin_client.get(_edition_page(edition))
    assert len(response.context["plan"].to_send) == count
