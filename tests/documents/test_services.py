"""Issuing, numbering, regenerating and revoking: the rules of documents.services."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.enums import Verb
from audit.models import AuditEntry, AuditPlace
from documents import numbering, services
from documents.enums import DocumentKind
from documents.models import DocumentFile, DocumentSequence, IssuedDocument
from speakers import invitations
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_numbers_run_per_edition_and_year_and_are_never_reused(programme) -> None:
    edition = programme.edition
    first = services.issue_document(edition=edition, speaker=programme.speaker, kind=DocumentKind.INVITATION)
    services.revoke_document(document=first, reason="wrong title")
    second = services.issue_document(edition=edition, speaker=programme.speaker, kind=DocumentKind.INVITATION)
    prefix = numbering.prefix_for(edition)
    year = first.issued_at.year
    assert (first.number, second.number) == (f"{prefix}-{year}-0001", f"{prefix}-{year}-0002")
    assert DocumentSequence.objects.get(prefix=prefix, year=year).last == 2


def test_a_new_year_starts_at_one_again(programme) -> None:
    assert numbering.next_number(edition=programme.edition, year=2030).endswith("-2030-0001")
    assert numbering.next_number(edition=programme.edition, year=2031).endswith("-2031-0001")
    assert numbering.next_number(edition=programme.edition, year=2030).endswith("-2030-0002")


def test_two_forums_with_the_same_initials_never_share_a_number() -> None:
    one = EditionFactory(forum__slug="yrd-st-forum", number=3)
    two = EditionFactory(forum__slug="yellow-sea-finance", number=3)
    assert numbering.prefix_for(one) == numbering.prefix_for(two) == "YSF3"
    assert numbering.next_number(edition=one, year=2030) != numbering.next_number(edition=two, year=2030)


def test_a_letter_goes_only_to_a_speaker_on_the_programme(programme) -> None:
    stranger = SpeakerFactory()
    with pytest.raises(ValidationError) as caught:
        services.issue_document(edition=programme.edition, speaker=stranger, kind=DocumentKind.INVITATION)
    assert caught.value.code == "not_a_speaker"
    cancelled = SessionFactory(edition=programme.edition, is_cancelled=True)
    SessionSpeakerFactory(session=cancelled, speaker=stranger)
    with pytest.raises(ValidationError):
        services.issue_document(edition=programme.edition, speaker=stranger, kind=DocumentKind.INVITATION)
    assert not IssuedDocument.objects.exists()
    assert not DocumentSequence.objects.exists()  # the refused letter took no number


def test_issuing_to_the_edition_skips_who_already_has_a_valid_letter(programme) -> None:
    issued, skipped = services.issue_invitation_letters(edition=programme.edition, speakers=[programme.speaker])
    assert (len(issued), skipped) == (1, [])
    again, skipped = services.issue_invitation_letters(edition=programme.edition, speakers=[programme.speaker])
    assert (again, skipped) == ([], [programme.speaker])
    assert sorted(DocumentFile.objects.values_list("language", flat=True)) == ["en", "zh-hans"]


def test_regenerating_gives_a_new_number_and_revokes_the_old_one_naming_it(programme) -> None:
    old = services.issue_document(edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION)
    with translation.override("en"):
        new = services.regenerate_document(document=old)
    old.refresh_from_db()
    assert new.number != old.number
    assert new.replaces == old
    assert old.revoked_at is not None
    assert old.revoke_reason == f"Replaced by {new.number}"
    with pytest.raises(ValidationError):
        services.regenerate_document(document=old)


def test_revoking_twice_keeps_the_first_revocation(programme) -> None:
    document = services.issue_document(
        edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION
    )
    first = services.revoke_document(document=document, reason="first")
    second = services.revoke_document(document=document, reason="second")
    assert (second.revoked_at, second.revoke_reason) == (first.revoked_at, "first")


def test_a_letter_keeps_the_name_it_printed(programme) -> None:
    document = services.issue_document(
        edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION
    )
    programme.speaker.name_zh_hans = "王某"
    programme.speaker.save()
    document.refresh_from_db()
    assert document.recipient_names == {"zh-hans": "王𠈌", "en": "Wang Yan"}


def test_a_letter_follows_the_answer_to_the_invitation(programme) -> None:
    """Accepting (speakers.invitations) makes a recipient; an open or declined invitation does not."""
    session = SessionFactory(edition=programme.edition)
    accepted = invitations.invite_speaker(session=session, role="speaker", speaker=SpeakerFactory())
    declined = invitations.invite_speaker(session=session, role="panelist", speaker=SpeakerFactory())
    waiting = invitations.invite_speaker(session=session, role="moderator", speaker=SpeakerFactory())
    invitations.accept_invitation(invitation=accepted)
    invitations.decline_invitation(invitation=declined, reason="travelling")
    issued, _skipped = services.issue_invitation_letters(edition=programme.edition, speakers=[accepted.speaker])
    assert [document.speaker for document in issued] == [accepted.speaker]
    for invitation in (declined, waiting):
        with pytest.raises(ValidationError):
            services.issue_document(edition=programme.edition, speaker=invitation.speaker, kind=DocumentKind.INVITATION)


def test_issuing_and_revoking_are_in_the_audit_trail_where_the_speaker_speaks(programme, superuser) -> None:
    document = services.issue_document(
        edition=programme.edition, speaker=programme.speaker, kind=DocumentKind.INVITATION, issued_by=superuser
    )
    services.revoke_document(document=document, revoked_by=superuser, reason="wrong title")
    entries = AuditEntry.objects.filter(object_id=str(document.pk)).order_by("pk")
    assert [(e.verb, e.actor, e.detail["number"]) for e in entries] == [
        (Verb.ISSUED, superuser, document.number),
        (Verb.REVOKED, superuser, document.number),
    ]
    assert entries[1].detail["reason"] == "wrong title"
    places = {(p.edition_id, p.sub_forum_id) for p in AuditPlace.objects.filter(entry__in=entries)}
    assert places == {(programme.edition.pk, programme.sub_forum.pk)}
