"""Invitation actions, the speaker's own changes and the organisers' exports are in the audit trail,
with who acted and where (so a sub-forum's host sees its own invitations' trail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from sessions.enums import SpeakerRole
from speakers import invitations, services
from speakers.models import Invitation
from tests.factories import EditionFactory, SessionFactory, StaffUserFactory, SubForumFactory, SuperUserFactory
from tests.speakers.factories import pdf_upload

pytestmark = pytest.mark.django_db


def _trail(obj) -> list[tuple[str, str, str, dict]]:
    entries = AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
    return [(e.verb, e.actor_kind, e.actor_name, e.changes) for e in entries.order_by("pk")]


def test_an_invitations_life_is_recorded_with_its_actors() -> None:
    organiser = StaffUserFactory(username="organiser")
    sub_forum = SubForumFactory()
    session = SessionFactory(edition=sub_forum.edition, sub_forum=sub_forum)
    invitation = invitations.invite_speaker(
        session=session, role=SpeakerRole.HOST, email="zhou@example.org", name="周", user=organiser
    )
    invitations.resend_invitation(invitation=invitation, actor=organiser)
    invitations.decline_invitation(invitation=Invitation.objects.get(pk=invitation.pk), reason="出差")
    assert _trail(invitation) == [
        ("created", "staff", "organiser", {}),
        ("mail_sent", "staff", "organiser", {}),
        ("status_changed", "speaker", "zhou@example.org", {"status": ["sent", "declined"]}),
    ]
    entry = AuditEntry.objects.get(verb="status_changed", object_id=str(invitation.pk))
    assert entry.detail == {"reason": "出差"}
    place = entry.places.get()
    assert (place.edition_id, place.sub_forum_id) == (sub_forum.edition_id, sub_forum.pk)


def test_expiry_and_withdrawal_are_recorded() -> None:
    organiser = StaffUserFactory(username="organiser")
    lapsing = invitations.invite_speaker(session=SessionFactory(), role="speaker", email="a@example.org", name="甲")
    withdrawn = invitations.invite_speaker(session=SessionFactory(), role="speaker", email="b@example.org", name="乙")
    invitations.withdraw_invitation(invitation=withdrawn, actor=organiser)
    Invitation.objects.filter(pk=lapsing.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert invitations.expire_invitations() == 1
    assert _trail(lapsing)[-1] == ("status_changed", "system", "", {"status": ["sent", "expired"]})
    assert _trail(withdrawn)[-1] == ("status_changed", "staff", "organiser", {"status": ["sent", "withdrawn"]})


def test_the_speakers_own_changes_are_theirs_and_travel_details_stay_out_of_the_trail() -> None:
    invitation = invitations.accept_invitation(
        invitation=invitations.invite_speaker(
            session=SessionFactory(), role="speaker", email="c@example.org", name="丙"
        )
    )
    speaker = invitation.speaker
    services.record_consents(speaker=speaker, answers={"photo": True}, language="zh-hans")
    services.add_material(speaker=speaker, session=invitation.session, kind="slides", upload=pdf_upload())
    plan = services.save_travel(
        speaker=speaker, edition=invitation.session.edition, details={"dietary_needs": "素食-PRIVATE"}
    )
    assert _trail(speaker)[-1] == ("changed", "speaker", "c@example.org", {"publish_photo": [False, True]})
    assert _trail(plan) == [("created", "speaker", "c@example.org", {})]
    assert not AuditEntry.objects.filter(detail__icontains="PRIVATE").exists()
    assert "PRIVATE" not in str(list(AuditEntry.objects.values_list("changes", "detail")))


def test_exports_of_personal_data_are_recorded(client) -> None:
    admin_user = SuperUserFactory()
    client.force_login(admin_user)
    edition = EditionFactory()
    client.get(reverse("admin:speakers_overview_export", args=[edition.pk, "xlsx"]))
    client.get(reverse("admin:speakers_travel_export", args=[edition.pk, "csv"]))
    exports = AuditEntry.objects.filter(verb="exported", object_id=str(edition.pk)).order_by("pk")
    assert [(e.actor, e.detail["export"], e.detail["format"]) for e in exports] == [
        (admin_user, "speakers", "xlsx"),
        (admin_user, "travel", "csv"),
    ]
