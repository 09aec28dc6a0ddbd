"""Every admin action and custom admin page, for every kind of user, as a matrix.

Forum A's edition has two sub-forums; the host runs the first of them. Each cell
runs the action (a real POST to the changelist) on a fresh row of forum A and
checks the database: the change happened, or nothing changed. Who may do what is
written out here, role by role, not derived from forums.permissions — this is the
test of that module, not a copy of it. A new admin action fails
``test_every_action_is_in_the_matrix`` until it gets its row here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Model
from django.urls import reverse

from attendees import services
from attendees.enums import RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from audit import services as audit
from audit.enums import Verb
from documents import services as documents
from documents.enums import DocumentKind
from documents.models import IssuedDocument, LetterRecipient, VisaRequest
from forums.enums import ForumTeamRole
from forums.models import Edition, SubForum, edition_scope
from notifications.models import TargetedMail, TargetedMailText
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from sessions.models import AgendaVersion, Session
from speakers import services as speaker_services
from speakers.enums import InvitationStatus
from speakers.models import Invitation, Material
from spreadsheets.enums import ExportKind
from spreadsheets.models import ExportJob
from tests.factories import (
    EditionFactory,
    ForumFactory,
    ForumMembershipFactory,
    RegistrationTypeFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StaffUserFactory,
    SubForumFactory,
    SuperUserFactory,
)
from tests.notifications.factories import ReminderRuleFactory
from tests.speakers.factories import InvitationFactory, pdf_upload

pytestmark = pytest.mark.django_db

ROLES = ["superuser", "owner", "organiser", "host", "desk", "viewer", "other", "mixed", "staff"]
EDITORS = {"superuser", "owner", "organiser"}  # the edition's organisers


@dataclass
class World:
    edition: Edition
    hosted: SubForum  # the host's sub-forum
    other_sub_forum: SubForum
    users: dict[str, Any]


@pytest.fixture
def world() -> World:
    forum_a, forum_b = ForumFactory(), ForumFactory()
    edition = EditionFactory(forum=forum_a)
    hosted = SubForumFactory(edition=edition, capacity=1)
    other_sub_forum = SubForumFactory(edition=edition, capacity=1)
    EditionFactory(forum=forum_b)

    def member(name: str, forum, role: str, **kwargs) -> Any:
        return ForumMembershipFactory(forum=forum, role=role, user__username=name, **kwargs).user

    hosting = ForumMembershipFactory(forum=forum_a, role=ForumTeamRole.HOST, edition=edition, user__username="host")
    hosting.sub_forums.set([hosted])
    host = hosting.user
    mixed = member("mixed", forum_b, ForumTeamRole.ORGANISER)
    ForumMembershipFactory(forum=forum_a, role=ForumTeamRole.VIEWER, user=mixed)
    users = {
        "superuser": SuperUserFactory(username="root"),
        "owner": member("owner", forum_a, ForumTeamRole.OWNER),
        "organiser": member("organiser", forum_a, ForumTeamRole.ORGANISER),
        "host": host,
        "desk": member("desk", forum_a, ForumTeamRole.DESK),
        "viewer": member("viewer", forum_a, ForumTeamRole.VIEWER),
        "other": member("other", forum_b, ForumTeamRole.ORGANISER),
        "mixed": mixed,
        "staff": StaffUserFactory(username="staff"),
    }
    return World(edition=edition, hosted=hosted, other_sub_forum=other_sub_forum, users=users)


# --- the rows each action works on -------------------------------------------------------
def _registration(world: World, *, approval: bool = False, sub_forum: SubForum | None = None) -> Registration:
    registration_type = RegistrationTypeFactory(edition=world.edition, requires_approval=approval)
    registration = services.register_attendee(
        edition=world.edition,
        registration_type=registration_type,
        name="Wang Fang",
        email=f"wang{Registration.objects.count()}@example.org",
        sub_forums=[sub_forum or world.hosted],
    )
    return services.confirm_registration(registration=registration)


def _waitlisted_behind(world: World, *, sub_forum: SubForum) -> tuple[Registration, Registration]:
    """One attendee holds the sub-forum's only place, a second waits; then a place is added."""
    first = _registration(world, sub_forum=sub_forum)
    second = _registration(world, sub_forum=sub_forum)
    SubForum.objects.filter(pk=sub_forum.pk).update(capacity=2)  # raised without the admin's promotion
    return first, second


def _choice_status(registration: Registration, sub_forum: SubForum) -> str:
    return SubForumChoice.objects.get(registration=registration, sub_forum=sub_forum).status


def _type_waitlist(world: World) -> tuple[Model, Callable[[], bool]]:
    registration_type = RegistrationTypeFactory(edition=world.edition, capacity=1)
    for n in range(2):
        registration = services.register_attendee(
            edition=world.edition, registration_type=registration_type, name="Li", email=f"li{n}@example.org"
        )
    type(registration_type).objects.filter(pk=registration_type.pk).update(capacity=2)
    return registration_type, lambda: Registration.objects.get(pk=registration.pk).status != "waitlisted"


def case_approve(world: World) -> tuple[Model, Callable[[], bool]]:
    registration = _registration(world, approval=True)
    assert registration.status == RegistrationStatus.AWAITING_APPROVAL
    return registration, lambda: Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CONFIRMED


def case_reject(world: World) -> tuple[Model, Callable[[], bool]]:
    registration = _registration(world, approval=True)
    return registration, lambda: Registration.objects.get(pk=registration.pk).status == RegistrationStatus.REJECTED


def case_cancel(world: World) -> tuple[Model, Callable[[], bool]]:
    registration = _registration(world)
    assert registration.status == RegistrationStatus.CONFIRMED
    return registration, lambda: Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED


def case_promote_sub_forum(world: World) -> tuple[Model, Callable[[], bool]]:
    _first, second = _waitlisted_behind(world, sub_forum=world.hosted)
    assert _choice_status(second, world.hosted) == "waitlisted"
    return world.hosted, lambda: _choice_status(second, world.hosted) != "waitlisted"


def case_promote_type(world: World) -> tuple[Model, Callable[[], bool]]:
    return _type_waitlist(world)


def case_publish(world: World) -> tuple[Model, Callable[[], bool]]:
    SessionFactory(edition=world.edition, sub_forum=world.hosted, start=world.hosted.start)
    return world.edition, AgendaVersion.objects.filter(edition=world.edition).exists


def confirm_preview(client: Any, response: Any) -> None:
    """The publish action leads to the preview page; publishing is confirmed there."""
    if response.status_code != 302 or "/publish/" not in response["Location"]:
        return
    preview = client.get(response["Location"])
    if preview.status_code == 200:
        client.post(response["Location"], {"seen": preview.context["form"]["seen"].value(), "note": ""})


def send_invitation(client: Any, response: Any) -> None:
    """The invite action leads to the invitation page; the invitation is sent there."""
    if response.status_code != 302 or "/invite/" not in response["Location"]:
        return
    page = client.get(response["Location"])
    if page.status_code == 200:
        offered = [s.pk for s in page.context["sessions"]]
        client.post(
            reverse("admin:forum_sessions_session_invite"), {**INVITE_FORM, "offered": offered} | {"sessions": offered}
        )


# Actions completed on a page they lead to (name → what the user then does there).
FOLLOW_UP = {"publish_agenda_action": confirm_preview, "invite_speakers": send_invitation}


def case_resend(world: World) -> tuple[Model, Callable[[], bool]]:
    message = OutboxMessage.objects.create(
        kind="test",
        recipient="someone@example.org",
        subject="Hello",
        dedupe_key="matrix-resend",
        message_id="<matrix@agora>",
        scope=edition_scope(world.edition.pk),
        status=OutboxStatus.FAILED,
    )
    return message, lambda: OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.PENDING


def _hosted_session(world: World) -> Session:
    return SessionFactory(edition=world.edition, sub_forum=world.hosted)


def case_resend_invitation(world: World) -> tuple[Model, Callable[[], bool]]:
    invitation = InvitationFactory(session=_hosted_session(world))
    return invitation, lambda: Invitation.objects.get(pk=invitation.pk).send_count == 2


def case_withdraw_invitation(world: World) -> tuple[Model, Callable[[], bool]]:
    invitation = InvitationFactory(session=_hosted_session(world))
    return invitation, lambda: Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.WITHDRAWN


def _material(world: World, *, published: bool) -> Material:
    material = speaker_services.add_material(
        speaker=SpeakerFactory(), session=_hosted_session(world), kind="slides", upload=pdf_upload()
    )
    Material.objects.filter(pk=material.pk).update(is_published=published)
    return material


def case_publish_material(world: World) -> tuple[Model, Callable[[], bool]]:
    material = _material(world, published=False)
    return material, lambda: Material.objects.get(pk=material.pk).is_published


def case_unpublish_material(world: World) -> tuple[Model, Callable[[], bool]]:
    material = _material(world, published=True)
    return material, lambda: not Material.objects.get(pk=material.pk).is_published


INVITE_FORM = {"email": "new@example.org", "name": "新嘉宾", "role": "speaker", "language": "zh-hans"}


def case_invite(world: World) -> tuple[Model, Callable[[], bool]]:
    """The action leads to the invitation page, where the form is sent (``send_invitation``)."""
    session = _hosted_session(world)
    return session, Invitation.objects.filter(session=session).exists


def _hosted_speaker_role(world: World) -> LetterRecipient:
    """A speaker on the programme of the host's sub-forum."""
    session = SessionFactory(edition=world.edition, sub_forum=world.hosted)
    return LetterRecipient.objects.get(pk=SessionSpeakerFactory(session=session).pk)


def _letter(world: World) -> IssuedDocument:
    role = _hosted_speaker_role(world)
    return documents.issue_document(edition=world.edition, speaker=role.speaker, kind=DocumentKind.INVITATION)


def case_issue_letters(world: World) -> tuple[Model, Callable[[], bool]]:
    role = _hosted_speaker_role(world)
    return role, IssuedDocument.objects.filter(speaker_id=role.speaker_id, edition=world.edition).exists


def case_revoke_document(world: World) -> tuple[Model, Callable[[], bool]]:
    document = _letter(world)
    return document, lambda: IssuedDocument.objects.get(pk=document.pk).revoked_at is not None


def case_regenerate_document(world: World) -> tuple[Model, Callable[[], bool]]:
    document = _letter(world)
    return document, IssuedDocument.objects.filter(replaces=document).exists


def case_mail_document(world: World) -> tuple[Model, Callable[[], bool]]:
    document = _letter(world)
    return document, OutboxMessage.objects.filter(kind="documents.letter", related_id=str(document.pk)).exists


def case_issue_visa_letter(world: World) -> tuple[Model, Callable[[], bool]]:
    role = _hosted_speaker_role(world)
    request = VisaRequest.objects.create(
        edition=world.edition,
        speaker=role.speaker,
        passport_name="WANG YAN",
        passport_number="E1234567",
        nationality="Singapore",
        birth_date=world.edition.start.date().replace(year=1970),
        arrival=world.edition.start.date(),
        departure=world.edition.end.date(),
    )
    return request, IssuedDocument.objects.filter(visa_request=request).exists


def case_door_lists(world: World) -> tuple[Model, Callable[[], bool]]:
    _registration(world, sub_forum=world.hosted)
    # Every export is recorded in its author's list of exports (spreadsheets.exports.record_export).
    return world.hosted, ExportJob.objects.filter(kind=ExportKind.DOOR_LISTS, rows_total=1).exists


# (admin model, action name, the case, who may) — every action on a row of forum A's edition.
ACTIONS = [
    (Registration, "approve_registrations", case_approve, EDITORS),
    (Registration, "reject_registrations", case_reject, EDITORS),
    # A registration is changed as a whole by the edition's organisers; a host sees it, no more.
    (Registration, "cancel_registrations", case_cancel, EDITORS),
    # A host manages its own sub-forum's places, and so its waiting list.
    (SubForum, "promote_sub_forums", case_promote_sub_forum, EDITORS | {"host"}),
    (RegistrationType, "promote_registration_types", case_promote_type, EDITORS),
    (Edition, "publish_agenda_action", case_publish, EDITORS),
    # Messages belong to an edition as a whole ("edition:<id>"), not to one sub-forum.
    (OutboxMessage, "resend_messages", case_resend, EDITORS),
    # Invitations belong to their session: a host invites to, resends and withdraws in its own sub-forums.
    (Session, "invite_speakers", case_invite, EDITORS | {"host"}),
    (Invitation, "resend_invitations", case_resend_invitation, EDITORS | {"host"}),
    (Invitation, "withdraw_invitations", case_withdraw_invitation, EDITORS | {"host"}),
    # Publishing a speaker's file is the edition organisers' word, like publishing the agenda.
    (Material, "publish_materials", case_publish_material, EDITORS),
    (Material, "unpublish_materials", case_unpublish_material, EDITORS),
    # Letters: the edition's organisers for every speaker, a host for its sub-forums' speakers.
    (LetterRecipient, "issue_invitation_letters_action", case_issue_letters, EDITORS | {"host"}),
    (IssuedDocument, "revoke_documents", case_revoke_document, EDITORS | {"host"}),
    (IssuedDocument, "regenerate_documents", case_regenerate_document, EDITORS | {"host"}),
    # E-mailing a letter to its speaker: who may write to people about them (a host: its sub-forums').
    (IssuedDocument, "mail_documents", case_mail_document, EDITORS | {"host"}),
    (VisaRequest, "issue_visa_letters", case_issue_visa_letter, EDITORS | {"host"}),
    # Door lists: the desk prints them; a host its own doors; a viewer takes no personal data out.
    (SubForum, "export_door_lists_xlsx", case_door_lists, EDITORS | {"host", "desk"}),
    (SubForum, "export_door_lists_csv", case_door_lists, EDITORS | {"host", "desk"}),
]
# Actions outside the forums' workspace: Django's own, and the operator's.
NOT_FORUM_ACTIONS = {
    "delete_selected",  # offered only where deleting is allowed (tested in test_admin_permissions)
    "cleanup_expired_attempts",  # django-axes: superusers only (AccessAttempt admin)
    "enable_tasks",  # django-celery-beat: superusers only
    "disable_tasks",
    "toggle_tasks",
    "run_tasks",
    "revoke",  # partners' API keys: superusers only (no forum)
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("model", "action", "case", "allowed"), ACTIONS, ids=[f"{m._meta.model_name}.{a}" for m, a, _c, _w in ACTIONS]
)
def test_action_changes_a_row_only_for_who_may(client, world, role, model, action, case, allowed) -> None:
    obj, done, *form = case(world)  # an action with a second step (a form) gets its filled-in fields
    client.force_login(world.users[role])
    response = client.post(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [obj.pk], "index": 0, **(form[0] if form else {})},
    )
    assert response.status_code in (200, 302, 403)
    if action in FOLLOW_UP:
        FOLLOW_UP[action](client, response)
    assert done() == (role in allowed), f"{role} ran {action}: {'changed' if done() else 'unchanged'}"


@pytest.mark.parametrize("role", ROLES)
def test_an_action_is_offered_only_to_who_may_run_it_somewhere(rf, world, role) -> None:
    """A viewer, the desk and outsiders see no action that changes anything in forum A's rows."""
    request = rf.get("/admin/")
    request.user = world.users[role]
    offered = {
        (model, action)
        for model, _a, _c, _w in ACTIONS
        for action in admin.site._registry[model].get_actions(request)
        if action != "delete_selected"
    }
    expected = {(model, action) for model, action, _c, allowed in ACTIONS if role in allowed}
    if role in ("other", "mixed"):  # organisers of forum B: the same actions, on their own rows
        expected = {(model, action) for model, action, _c, allowed in ACTIONS if allowed >= EDITORS}
    assert offered == expected


def test_every_action_is_in_the_matrix() -> None:
    in_matrix = {(model, action) for model, action, _c, _w in ACTIONS}
    registered = {
        (model, name)
        for model, model_admin in admin.site._registry.items()
        for action in model_admin.actions or []
        if (name := action if isinstance(action, str) else action.__name__) not in NOT_FORUM_ACTIONS
    }
    assert registered == in_matrix


# --- custom pages --------------------------------------------------------------------------
def _conflicts(world: World) -> str:
    return reverse("admin:forums_edition_conflicts", args=[world.edition.pk])


def _reminder_preview(world: World) -> str:
    rule = ReminderRuleFactory(edition=world.edition)
    _registration(world)
    return reverse("admin:notifications_reminderrule_preview", args=[rule.pk])


def _letter_pdf(world: World) -> str:
    return reverse("admin:documents_issueddocument_pdf", args=[_letter(world).pk, "zh-hans"])


def _checkin(world: World) -> str:
    return reverse("attendees:checkin", args=[world.edition.slug])


def _edition_dashboard(world: World) -> str:
    _registration(world)
    return reverse("admin:forums_edition_dashboard", args=[world.edition.pk])


def _check_in_figures(world: World) -> str:
    return reverse("admin:forums_edition_dashboard_check_ins", args=[world.edition.pk])


def _series_dashboard(world: World) -> str:
    return reverse("admin:forums_forum_dashboard", args=[world.edition.forum_id])


def _speakers_overview(world: World) -> str:
    return reverse("admin:speakers_overview", args=[world.edition.pk])


def _speakers_overview_export(world: World) -> str:
    return reverse("admin:speakers_overview_export", args=[world.edition.pk, "csv"])


def _speakers_travel(world: World) -> str:
    return reverse("admin:speakers_travel", args=[world.edition.pk])


def _speakers_travel_export(world: World) -> str:
    return reverse("admin:speakers_travel_export", args=[world.edition.pk, "xlsx"])


def _hosted_mail(world: World) -> TargetedMail:
    mail = TargetedMail.objects.create(edition=world.edition, sub_forum=world.hosted, name="Room change")
    TargetedMailText.objects.create(mail=mail, language="en", subject="Room", body_text="Dear {{ attendee_name }}")
    return mail


def _targeted_mail(world: World) -> str:
    return reverse("admin:notifications_targetedmail_change", args=[_hosted_mail(world).pk])


def _next_edition(world: World) -> str:
    return reverse("admin:forums_edition_next", args=[world.edition.pk])


def _edition_history(world: World) -> str:
    return reverse("admin:forums_edition_history", args=[world.edition.pk])


def _sub_forum_history(world: World) -> str:
    return reverse("admin:forums_subforum_history", args=[world.hosted.pk])


def _timetable(world: World) -> str:
    return reverse("admin:forums_edition_timetable", args=[world.edition.pk])


def _publish_preview(world: World) -> str:
    return reverse("admin:forums_edition_publish", args=[world.edition.pk])


def _consent_page(speaker: Any) -> str:
    return reverse("admin:speakers_consent_record", args=[speaker.pk])


READERS = EDITORS | {"viewer", "desk", "mixed"}  # everyone on forum A's team for the whole edition
PAGES = [
    # An object's audit trail: whoever may see the object (a host: its sub-forum, not the edition).
    ("edition history", _edition_history, READERS),
    ("sub-forum history", _sub_forum_history, READERS | {"host"}),
    # Next year's edition: the forum's owners and organisers (a new edition is outside a viewer's reach).
    ("next edition", _next_edition, EDITORS),
    # Mail to the host's sub-forum's attendees: read by the edition's team and the host.
    ("targeted mail", _targeted_mail, READERS | {"host"}),
    # Read-only pages of the whole edition: its team; a host sees its sub-forums, not the
    # edition's other sessions and attendees.
    ("conflicts", _conflicts, READERS),
    ("reminder preview", _reminder_preview, READERS),
    # The dashboards total the whole edition (and the series, every edition): its readers;
    # a host, who reads only its sub-forums' attendees, is answered 404 like on the edition's page.
    ("edition dashboard", _edition_dashboard, READERS),
    ("check-in figures", _check_in_figures, READERS),
    ("series dashboard", _series_dashboard, READERS),
    # Checking in: organisers, the desk, and a host (at its own door: below).
    ("check-in", _checkin, EDITORS | {"desk", "host"}),
    # The speakers of the edition: its team reads them all, a host those of its sub-forums (below);
    # personal data leaves with export rights.
    ("speakers overview", _speakers_overview, READERS | {"host"}),
    ("speakers travel lists", _speakers_travel, READERS | {"host"}),
    ("speakers overview export", _speakers_overview_export, EDITORS | {"desk", "host"}),
    ("speakers travel export", _speakers_travel_export, EDITORS | {"desk", "host"}),
    # E-mailing an edition's letters: its organisers, a host for its sub-forums' speakers.
    (
        "mail letters",
        lambda world: reverse("admin:documents_issueddocument_mail", args=[world.edition.pk]),
        EDITORS | {"host"},
    ),
    # Recording a consent given on paper: who may edit a session the speaker is in (a host: its sub-forums').
    ("record paper consent", lambda world: _consent_page(_hosted_speaker_role(world).speaker), EDITORS | {"host"}),
    # A letter's PDF (it may hold passport details): who may issue it, a host for its sub-forums' speakers.
    ("letter PDF", _letter_pdf, EDITORS | {"host"}),
    # Uploading a file to import: whoever edits an agenda or manages registrations somewhere (an
    # organiser of forum B too: the form offers only their editions); the rows are checked one by one.
    (
        "import upload",
        lambda world: reverse("admin:spreadsheets_importbatch_add"),
        EDITORS | {"host", "other", "mixed"},
    ),
    (
        "import template",
        lambda world: "/admin/spreadsheets/importbatch/template/sessions/",
        EDITORS | {"host", "other", "mixed"},
    ),
    # The timetable: the edition's team reads it; a host reads its own sub-forums' part (moves: below).
    ("timetable", _timetable, READERS | {"host"}),
    ("publish preview", _publish_preview, EDITORS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "allowed"), PAGES, ids=[name for name, _u, _a in PAGES])
def test_custom_page_answers_only_who_may(client, world, role, name, url, allowed) -> None:
    path = url(world)
    client.force_login(world.users[role])
    response = client.get(path)
    # Not theirs: 404, so its existence does not leak.
    assert response.status_code == (200 if role in allowed else 404), f"{role} on {name}"


# --- the speakers overview: each reader its own part ---------------------------------------
EVERY_SPEAKER = {"主办嘉宾", "他人嘉宾", "大会嘉宾", "host-invitee@example.org", "other-invitee@example.org"}
OWN_SPEAKERS = {"主办嘉宾", "host-invitee@example.org"}  # the hosted sub-forum's speaker and invitee
SPEAKERS_SEEN = dict.fromkeys(READERS, EVERY_SPEAKER) | {"host": OWN_SPEAKERS}


def _speakers_everywhere(world: World) -> None:
    """A speaker and an invitee in the host's sub-forum, the same in the other one, a plenary speaker."""
    for sub_forum, who in [(world.hosted, "host"), (world.other_sub_forum, "other")]:
        session = SessionFactory(edition=world.edition, sub_forum=sub_forum)
        name = "主办嘉宾" if who == "host" else "他人嘉宾"
        SessionSpeakerFactory(session=session, speaker=SpeakerFactory(name_zh_hans=name, email=f"{who}@example.org"))
        InvitationFactory(session=session, email=f"{who}-invitee@example.org", name="")
    plenary = SessionFactory(edition=world.edition, sub_forum=None)
    SessionSpeakerFactory(session=plenary, speaker=SpeakerFactory(name_zh_hans="大会嘉宾", email="plenary@example.org"))


@pytest.mark.parametrize("role", ROLES)
def test_speakers_overview_shows_each_role_its_own_part(client, world, role, django_capture_on_commit_callbacks):
    _speakers_everywhere(world)
    client.force_login(world.users[role])
    response = client.get(_speakers_overview(world), HTTP_ACCEPT_LANGUAGE="zh-hans")
    if role not in SPEAKERS_SEEN:
        assert response.status_code == 404, role
        return
    shown = {row.name or row.email for row in response.context["rows"]}
    assert shown == SPEAKERS_SEEN[role], role
    export = client.get(_speakers_overview_export(world))
    if export.status_code == 200:
        body = export.content.decode("utf-8-sig")
        assert {name for name in EVERY_SPEAKER if name in body} == SPEAKERS_SEEN[role], role
    # The one click reminds the accepted speakers missing something, within the part.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_speakers_overview(world))
    reminded = set(OutboxMessage.objects.filter(kind="speakers.missing").values_list("recipient", flat=True))
    expected = {"host@example.org", "other@example.org", "plenary@example.org"} if role in EDITORS else set()
    assert reminded == ({"host@example.org"} if role == "host" else expected), role


def _publish_from_the_add_page(client: Any, world: World) -> int:
    """Agenda versions → Add: choose the edition, then confirm on the preview it leads to."""
    response = client.post(reverse("admin:forum_sessions_agendaversion_add"), {"edition": world.edition.pk, "note": ""})
    if response.status_code == 302:
        assert response["Location"] == reverse("admin:forums_edition_publish", args=[world.edition.pk])
        confirm_preview(client, response)
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_agenda_versions_add_publishes_through_the_preview_only_for_who_may(client, world, role) -> None:
    case_publish(world)
    client.force_login(world.users[role])
    page = client.get(reverse("admin:forum_sessions_agendaversion_add"))
    status = _publish_from_the_add_page(client, world)
    published = AgendaVersion.objects.filter(edition=world.edition).exists()
    assert published == (role in EDITORS), f"{role}: {status}"
    # The page is the publishers': forum B's organisers see it, without forum A's edition to pick.
    may_publish_somewhere = EDITORS | {"other", "mixed"}
    assert page.status_code == (200 if role in may_publish_somewhere else 403), role
    assert status == (302 if role in EDITORS else 200 if role in may_publish_somewhere else 403), role


DOORS = [
    ("the host's door", lambda world: world.hosted, EDITORS | {"desk", "host"}),
    ("another door", lambda world: world.other_sub_forum, EDITORS | {"desk"}),
    ("the main entrance", lambda world: None, EDITORS | {"desk"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "door", "allowed"), DOORS, ids=[name for name, _d, _a in DOORS])
def test_check_in_at_a_door_only_for_who_may(client, world, role, name, door, allowed) -> None:
    at = door(world)
    registration = _registration(world, sub_forum=at or world.hosted)
    client.force_login(world.users[role])
    client.post(_checkin(world), {"code": registration.code, "door": at.pk if at else ""})
    registration.refresh_from_db()
    checked_in = registration.checked_in_at is not None
    if at is not None:
        checked_in = SubForumChoice.objects.get(registration=registration, sub_forum=at).checked_in_at is not None
    assert checked_in == (role in allowed), f"{role} at {name}"


# The audit log: every team member reads the entries their membership covers.
LOG_READS = {
    "superuser": {"edition", "hosted", "other sub-forum", "forum B"},
    "owner": {"edition", "hosted", "other sub-forum"},
    "organiser": {"edition", "hosted", "other sub-forum"},
    "desk": {"edition", "hosted", "other sub-forum"},
    "viewer": {"edition", "hosted", "other sub-forum"},
    "host": {"hosted"},  # its sub-forum only
    "other": {"forum B"},
    "mixed": {"edition", "hosted", "other sub-forum", "forum B"},  # viewer of A, organiser of B
    "staff": None,  # on no team: no log
}


@pytest.mark.parametrize("role", ROLES)
def test_audit_log_shows_each_role_its_own_entries(client, world, role) -> None:
    forum_b_edition = Edition.objects.exclude(forum=world.edition.forum).get()
    named = {
        "edition": world.edition,
        "hosted": world.hosted,
        "other sub-forum": world.other_sub_forum,
        "forum B": forum_b_edition,
    }
    for obj in named.values():
        audit.record(actor=None, verb=Verb.CHANGED, obj=obj)
    client.force_login(world.users[role])
    response = client.get(reverse("admin:audit_auditentry_changelist"))
    if LOG_READS[role] is None:
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {(e.content_type.model, e.object_id) for e in response.context["cl"].result_list}
    assert shown == {(named[n]._meta.model_name, str(named[n].pk)) for n in LOG_READS[role]}, role


@pytest.mark.parametrize("role", ROLES)
def test_next_edition_is_created_only_by_who_may(client, world, role) -> None:
    client.force_login(world.users[role])
    # Number and year stay within the form's bounds (999, 2999) whatever the factories' sequences
    # have reached in a long run: the year follows the dates.
    start = world.edition.start + dt.timedelta(days=365)
    client.post(
        _next_edition(world),
        {
            "number": world.edition.number % 999 + 1, "year": start.year, "slug": "matrix-next",
            "start_0": start.date().isoformat(), "start_1": "09:00:00",
            "end_0": (start + dt.timedelta(days=2)).date().isoformat(), "end_1": "17:00:00",
        },
    )  # fmt: skip
    assert Edition.objects.filter(slug="matrix-next").exists() == (role in EDITORS), role


@pytest.mark.parametrize("role", ROLES)
def test_targeted_mail_is_tested_and_sent_only_by_who_may(
    client, world, role, django_capture_on_commit_callbacks
) -> None:
    mail = _hosted_mail(world)
    _registration(world)
    url = reverse("admin:notifications_targetedmail_change", args=[mail.pk])
    client.force_login(world.users[role])
    data = {
        "name": mail.name, "edition": world.edition.pk, "sub_forum": world.hosted.pk, "status": "admitted",
        "checked_in": "", "language": "", "organisation_contains": "", "texts-TOTAL_FORMS": 1,
        "texts-INITIAL_FORMS": 1, "texts-MIN_NUM_FORMS": 1, "texts-MAX_NUM_FORMS": 1000,
        "texts-0-id": mail.texts.get().pk, "texts-0-mail": mail.pk, "texts-0-language": "en",
        "texts-0-subject": "Room", "texts-0-body_text": "Dear {{ attendee_name }}",
    }  # fmt: skip
    client.post(url, {**data, "_send_test": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**data, "_send_now": "1"})
    mail.refresh_from_db()
    may = role in EDITORS | {"host"}
    assert (mail.state == TargetedMail.State.QUEUED) == may, role
    tests = OutboxMessage.objects.filter(dedupe_key__startswith="mail-test:")
    assert tests.exists() == may, role


# --- exports of personal data ----------------------------------------------------------------
EXPORTS = [
    # Registrations and speakers: the edition's organisers and desk; a host, its sub-forums' (the
    # rows here are in the host's sub-forum); a viewer takes nothing out.
    ("registrations", "/admin/attendees/registration/export/{}/", EDITORS | {"host", "desk"}),
    ("speakers", "/admin/forum_sessions/sessionspeaker/export/{}/", EDITORS | {"host", "desk"}),
]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "allowed"), EXPORTS, ids=[name for name, _u, _a in EXPORTS])
def test_an_export_holds_forum_a_rows_only_for_who_may(client, world, role, name, url, allowed, fmt) -> None:
    registration = _registration(world, sub_forum=world.hosted)
    session = SessionFactory(edition=world.edition, sub_forum=world.hosted)
    SessionSpeakerFactory(session=session)
    client.force_login(world.users[role])
    response = client.get(url.format(fmt))
    exported = ExportJob.objects.filter(user=world.users[role], rows_total=1).exists()
    if role in allowed:
        assert response.status_code == 200, f"{role} on {name}"
        assert exported, f"{role} exported no row of {name}"
        if fmt == "csv":
            body = b"".join(response.streaming_content).decode()
            assert (registration.code in body) == (name == "registrations")
    else:
        # No right anywhere: 404; an organiser of forum B: their own (no) rows, none of forum A.
        assert response.status_code in (200, 404), f"{role} on {name}"
        assert not exported, f"{role} took {name} of forum A out"


@pytest.mark.parametrize("role", ROLES)
def test_the_list_of_own_exports_is_for_who_may_export(client, world, role) -> None:
    client.force_login(world.users[role])
    response = client.get(reverse("admin:spreadsheets_exportjob_changelist"))
    may = role not in ("viewer", "staff")
    assert response.status_code == (200 if may else 403), role


# --- moves on the timetable ----------------------------------------------------------------
SESSIONS = [
    ("the host's sub-forum", lambda world: world.hosted, EDITORS | {"host"}),
    ("another sub-forum", lambda world: world.other_sub_forum, EDITORS),
    ("a plenary session", lambda world: None, EDITORS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "sub_forum", "allowed"), SESSIONS, ids=[name for name, _s, _a in SESSIONS])
def test_timetable_moves_a_session_only_for_who_may(client, world, role, name, sub_forum, allowed) -> None:
    place = sub_forum(world)
    start = (place or world.hosted).start
    session = SessionFactory(edition=world.edition, sub_forum=place, start=start, end=start + dt.timedelta(minutes=30))
    client.force_login(world.users[role])
    response = client.post(
        reverse("admin:forums_edition_timetable_move", args=[world.edition.pk]),
        {
            "session": session.pk,
            "start": (start + dt.timedelta(minutes=45)).astimezone(world.edition.tz).strftime("%Y-%m-%dT%H:%M"),
            "end": (start + dt.timedelta(minutes=75)).astimezone(world.edition.tz).strftime("%Y-%m-%dT%H:%M"),
            "room": session.room_id,
        },
    )
    session.refresh_from_db()
    moved = session.start != start
    assert moved == (role in allowed), f"{role} moved a session of {name}: {response.status_code}"
    # Refused: 403 for who reads the whole timetable; 404 for a session not theirs to see.
    assert response.status_code == (200 if moved else 403 if role in READERS else 404)


# --- inviting a speaker: the one invitation page (list action, session page, timetable) --------
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "sub_forum", "allowed"), SESSIONS, ids=[name for name, _s, _a in SESSIONS])
def test_invitation_page_invites_only_for_who_may(
    client, world, role, name, sub_forum, allowed, django_capture_on_commit_callbacks
) -> None:
    session = SessionFactory(edition=world.edition, sub_forum=sub_forum(world))
    client.force_login(world.users[role])
    page = client.get(reverse("admin:forum_sessions_session_invite"), {"sessions": session.pk})
    assert page.status_code == (200 if role in allowed else 404), f"{role} opened the page for {name}"
    # The button on the session's own page: only where the page would answer.
    change = client.get(reverse("admin:forum_sessions_session_change", args=[session.pk]))
    if change.status_code == 200:
        assert bool(change.context["invite_url"]) == (role in allowed), f"{role}'s button on {name}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:forum_sessions_session_invite"),
            {**INVITE_FORM, "offered": session.pk, "sessions": session.pk},
        )
    assert Invitation.objects.filter(session=session).exists() == (role in allowed), f"{role} invited to {name}"


# --- a consent given on paper, recorded by an organiser -------------------------------------------
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "sub_forum", "allowed"), SESSIONS, ids=[name for name, _s, _a in SESSIONS])
def test_a_paper_consent_is_recorded_only_by_who_may(client, world, role, name, sub_forum, allowed) -> None:
    session = SessionFactory(edition=world.edition, sub_forum=sub_forum(world))
    speaker = SessionSpeakerFactory(session=session, speaker__publish_photo=False).speaker
    client.force_login(world.users[role])
    response = client.post(
        _consent_page(speaker),
        {"photo": "yes", "source": "paper", "given_on": "2020-01-02", "language": "zh-hans", "wording": "同意。"},
    )
    speaker.refresh_from_db()
    assert speaker.publish_photo == (role in allowed), f"{role} recorded a consent of a speaker of {name}"
    assert response.status_code == (302 if role in allowed else 404), role
