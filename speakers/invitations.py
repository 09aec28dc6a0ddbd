"""An invitation's life: sent, opened, accepted or declined (with a reason), expired,
resent, withdrawn, reminded.

Rules, each here once:

- one open invitation per person, session and role (inviting again returns it);
- only an open invitation (sent or opened) before its ``expires_at`` may be answered;
  the first answer wins, a second click on the link changes nothing;
- accepting attaches the speaker to the session in the invited role (a new e-mail
  gets a new speaker profile), declining tells the organiser who invited;
- an unanswered invitation is reminded ``SPEAKERS_INVITATION_REMIND_AFTER_HOURS`` after
  it was sent or last reminded, at most ``SPEAKERS_INVITATION_MAX_REMINDERS`` times;
- every e-mail goes through the outbox in the transaction of the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from audit import services as audit
from audit.enums import ActorKind, Verb
from audit.places import places_of as audit_places_of
from config.languages import normalise_language
from forums.enums import ForumTeamRole
from forums.models import ForumMembership
from sessions.enums import SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker
from speakers import emails, tokens
from speakers.enums import (
    KIND_DECLINED,
    KIND_INVITATION,
    KIND_INVITATION_REMINDER,
    OPEN_STATUSES,
    RESENDABLE_STATUSES,
    InvitationStatus,
)
from speakers.models import Invitation, SpeakerProfile
from speakers.services import ensure_profile


class InvitationError(Exception):
    """A rule refused the change; ``message`` says why, in the visitor's language."""

    def __init__(self, code: str, message: Any) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


def _expiry(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=settings.SPEAKERS_INVITATION_VALID_DAYS)


# --- sending ------------------------------------------------------------------------------
def _context(invitation: Invitation, *, reminder: bool = False) -> Any:
    session = invitation.session
    edition = session.edition
    url = tokens.invitation_url(invitation)

    def context_for(language: str) -> dict[str, Any]:
        return {
            **emails.session_facts(session, language),
            "name": invitation.name or (invitation.speaker.name if invitation.speaker_id else ""),
            "role": invitation.get_role_display(),
            "note": invitation.note,
            "answer_url": url,
            "answer_by": emails.when(invitation.expires_at, edition, language),
            "reminder": reminder,
        }

    return context_for


def _send(invitation: Invitation) -> None:
    emails.queue(
        name="invitation",
        kind=KIND_INVITATION,
        to=invitation.email,
        language=invitation.language,
        context_for=_context(invitation),
        dedupe_key=f"invitation:{invitation.key.hex}:send:{invitation.send_count}",
        related=invitation,
        edition_id=invitation.session.edition_id,
    )


def invite_speaker(
    *,
    session: Session,
    role: str,
    speaker: Speaker | None = None,
    email: str = "",
    name: str = "",
    language: str = "",
    note: str = "",
    user: Any = None,
) -> Invitation:
    """Invite an existing profile or a new e-mail to ``session`` in ``role`` and send the e-mail.

    An open invitation of the same person to the same session and role is
    returned as it is; a person who already has the role is refused.
    """
    email = (email or (speaker.email if speaker else "")).strip()
    if not email:
        raise InvitationError("no_email", _("This speaker has no e-mail address; enter one to invite them."))
    if role not in SpeakerRole.values:
        raise InvitationError("role", _("Choose a role."))
    if speaker is not None and SessionSpeaker.objects.filter(session=session, speaker=speaker, role=role).exists():
        raise InvitationError(
            "already_there",
            _("%(speaker)s already has this role in “%(session)s”.") % {"speaker": speaker, "session": session},
        )
    if speaker is not None and not language:
        profile = SpeakerProfile.objects.filter(speaker=speaker).only("language").first()
        language = profile.language if profile else ""
    now = timezone.now()
    with transaction.atomic():
        existing = Invitation.objects.filter(
            session=session, email__iexact=email, role=role, status__in=OPEN_STATUSES
        ).first()
        if existing is not None:
            return existing
        invitation = Invitation.objects.create(
            session=session,
            speaker=speaker,
            email=email,
            name=name or (speaker.name if speaker else ""),
            role=role,
            language=normalise_language(language) or settings.LANGUAGE_CODE,
            note=note,
            status=InvitationStatus.SENT,
            sent_at=now,
            expires_at=_expiry(now),
            invited_by=user if getattr(user, "pk", None) else None,
        )
        _send(invitation)
        audit.record(
            actor=user,
            verb=Verb.CREATED,
            obj=invitation,
            detail={"invited": invitation.email, "role": invitation.role, "language": invitation.language},
        )
    return invitation


def invite_speakers(*, sessions: Iterable[Session], **kwargs: Any) -> list[Invitation]:
    """The same person invited to each of ``sessions`` (the bulk form): one invitation and e-mail each."""
    with transaction.atomic():
        return [invite_speaker(session=session, **kwargs) for session in sessions]


def resend_invitation(*, invitation: Invitation, actor: Any = None) -> Invitation:
    """Send an unanswered (or expired) invitation again, with a new answer-by date."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().select_related("session__edition").get(pk=invitation.pk)
        if invitation.status not in RESENDABLE_STATUSES:
            raise InvitationError("answered", _("This invitation was answered or withdrawn; it cannot be resent."))
        now = timezone.now()
        invitation.status = InvitationStatus.SENT if invitation.opened_at is None else InvitationStatus.OPENED
        invitation.sent_at, invitation.expires_at = now, _expiry(now)
        invitation.send_count += 1
        invitation.reminders_sent, invitation.last_reminded_at = 0, None
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError as exc:
            raise InvitationError(
                "duplicate", _("Another invitation of this person to this session and role is open.")
            ) from exc
        _send(invitation)
        audit.record(
            actor=actor,
            verb=Verb.MAIL_SENT,
            obj=invitation,
            detail={"resent": invitation.send_count, "answer_by": invitation.expires_at},
        )
    return invitation


def withdraw_invitation(*, invitation: Invitation, actor: Any = None) -> Invitation:
    """Take back an unanswered invitation: its link then says so."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status not in RESENDABLE_STATUSES:
            raise InvitationError("answered", _("This invitation was already answered or withdrawn."))
        before = invitation.status
        invitation.status = InvitationStatus.WITHDRAWN
        invitation.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor, verb=Verb.STATUS_CHANGED, obj=invitation, changes={"status": (before, invitation.status)}
        )
    return invitation


# --- the invitee's answer -----------------------------------------------------------------
def _lapse_if_due(invitation: Invitation, now: dt.datetime) -> None:
    if invitation.status in OPEN_STATUSES and invitation.expires_at <= now:
        invitation.status = InvitationStatus.EXPIRED
        invitation.save(update_fields=["status", "updated_at"])


def open_invitation(*, invitation: Invitation) -> Invitation:
    """The invitee followed the link: a sent invitation becomes opened (an expired one lapses)."""
    now = timezone.now()
    _lapse_if_due(invitation, now)
    if invitation.status == InvitationStatus.SENT:
        updated = Invitation.objects.filter(pk=invitation.pk, status=InvitationStatus.SENT).update(
            status=InvitationStatus.OPENED, opened_at=now, updated_at=now
        )
        if updated:
            invitation.status, invitation.opened_at = InvitationStatus.OPENED, now
    return invitation


def _lapse(invitation: Invitation) -> None:
    """Mark a lapsed invitation expired in its own statement, so the mark outlives the refusal's rollback."""
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk, status__in=OPEN_STATUSES, expires_at__lte=now).update(
        status=InvitationStatus.EXPIRED, updated_at=now
    )


def _locked_open(invitation: Invitation) -> Invitation:
    """The invitation locked for its answer (inside the caller's transaction), or why it cannot be answered."""
    now = timezone.now()
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("session__edition", "speaker")
        .get(pk=invitation.pk)
    )
    if invitation.status in OPEN_STATUSES and invitation.expires_at <= now:  # lapsed since the statement above
        invitation.status = InvitationStatus.EXPIRED
    if invitation.status == InvitationStatus.EXPIRED:
        raise InvitationError("expired", _("This invitation has expired. Please write to the organisers."))
    if invitation.status == InvitationStatus.WITHDRAWN:
        raise InvitationError("withdrawn", _("The organisers have withdrawn this invitation."))
    if invitation.status not in OPEN_STATUSES:
        raise InvitationError("answered", _("This invitation was already answered."))
    return invitation


def _new_speaker(invitation: Invitation) -> Speaker:
    name = invitation.name or invitation.email.split("@", 1)[0]
    base = slugify(name, allow_unicode=False)[:60] or "speaker"
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    suffix = invitation.language.replace("-", "_")
    return Speaker.objects.create(slug=slug, email=invitation.email, name=name, **{f"name_{suffix}": name})


def accept_invitation(*, invitation: Invitation) -> Invitation:
    """Accept: the speaker (a new profile for a new e-mail) takes the invited role in the session."""
    _lapse(invitation)
    with transaction.atomic():
        invitation = _locked_open(invitation)
        speaker = invitation.speaker or _new_speaker(invitation)
        ensure_profile(speaker=speaker, language=invitation.language)
        last = SessionSpeaker.objects.filter(session_id=invitation.session_id).aggregate(last=Max("order"))["last"]
        SessionSpeaker.objects.get_or_create(
            session_id=invitation.session_id,
            speaker=speaker,
            role=invitation.role,
            defaults={"order": (last or 0) + 1},
        )
        before = invitation.status
        invitation.speaker = speaker
        invitation.status, invitation.answered_at = InvitationStatus.ACCEPTED, timezone.now()
        invitation.save(update_fields=["speaker", "status", "answered_at", "updated_at"])
        _record_answer(invitation, before)
    return invitation


def _record_answer(invitation: Invitation, before: str) -> None:
    """The invitee answered through their link: they are the actor."""
    audit.record(
        actor=None,
        actor_kind=ActorKind.SPEAKER,
        actor_name=invitation.email,
        verb=Verb.STATUS_CHANGED,
        obj=invitation,
        changes={"status": (before, invitation.status)},
        detail={"reason": invitation.decline_reason} if invitation.decline_reason else None,
    )


def _organiser_addresses(invitation: Invitation) -> list[str]:
    """Who invited; failing that (their account gone or without e-mail), the forum's owners and organisers."""
    if invitation.invited_by_id and invitation.invited_by.email:
        return [invitation.invited_by.email]
    return sorted(
        set(
            ForumMembership.objects.filter(
                Q(edition__isnull=True) | Q(edition_id=invitation.session.edition_id),
                forum_id=invitation.session.edition.forum_id,
                role__in=[ForumTeamRole.OWNER, ForumTeamRole.ORGANISER],
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def decline_invitation(*, invitation: Invitation, reason: str = "") -> Invitation:
    """Decline, with an optional reason; the organiser is told by e-mail."""
    _lapse(invitation)
    with transaction.atomic():
        invitation = _locked_open(invitation)
        before = invitation.status
        invitation.status, invitation.answered_at = InvitationStatus.DECLINED, timezone.now()
        invitation.decline_reason = reason.strip()
        invitation.save(update_fields=["status", "answered_at", "decline_reason", "updated_at"])
        _record_answer(invitation, before)
        session = invitation.session

        def context_for(language: str) -> dict[str, Any]:
            return {
                **emails.session_facts(session, language),
                "name": invitation.name or invitation.email,
                "email": invitation.email,
                "role": invitation.get_role_display(),
                "reason": invitation.decline_reason,
            }

        for address in _organiser_addresses(invitation):
            emails.queue(
                name="declined",
                kind=KIND_DECLINED,
                to=address,
                language=settings.LANGUAGE_CODE,
                context_for=context_for,
                dedupe_key=f"invitation:{invitation.key.hex}:declined:{address.lower()}",
                related=invitation,
                edition_id=session.edition_id,
            )
    return invitation


# --- periodic -------------------------------------------------------------------------------
def expire_invitations(*, now: dt.datetime | None = None) -> int:
    """Unanswered invitations past their answer-by date become expired (one UPDATE)."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=OPEN_STATUSES, expires_at__lte=now)
            .select_related("session__edition")
        )
        if not due:
            return 0
        Invitation.objects.filter(pk__in=[i.pk for i in due]).update(status=InvitationStatus.EXPIRED, updated_at=now)
        audit.record_many(
            actor=None,
            verb=Verb.STATUS_CHANGED,
            objects=((i, {"status": (i.status, InvitationStatus.EXPIRED)}, audit_places_of(i)) for i in due),
        )
    return len(due)


def remind_invitations(*, now: dt.datetime | None = None) -> int:
    """Remind each unanswered invitation that waited long enough; returns how many were reminded.

    Idempotent: the row is updated in the transaction that queues the reminder,
    keyed by its number, so running twice sends nothing twice.
    """
    now = now or timezone.now()
    due_before = now - dt.timedelta(hours=settings.SPEAKERS_INVITATION_REMIND_AFTER_HOURS)
    due = (
        Invitation.objects.annotate(last_contact=Coalesce("last_reminded_at", "sent_at"))
        .filter(
            status__in=OPEN_STATUSES,
            expires_at__gt=now,
            reminders_sent__lt=settings.SPEAKERS_INVITATION_MAX_REMINDERS,
            last_contact__lte=due_before,
        )
        .values_list("pk", flat=True)
    )
    reminded = 0
    for pk in list(due[:1000]):
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("session__edition", "session__room", "session__sub_forum", "speaker")
                .filter(pk=pk, status__in=OPEN_STATUSES)
                .first()
            )
            if invitation is None:
                continue
            invitation.reminders_sent += 1
            invitation.last_reminded_at = now
            invitation.save(update_fields=["reminders_sent", "last_reminded_at", "updated_at"])
            emails.queue(
                name="invitation",
                kind=KIND_INVITATION_REMINDER,
                to=invitation.email,
                language=invitation.language,
                context_for=_context(invitation, reminder=True),
                dedupe_key=(
                    f"invitation:{invitation.key.hex}:send:{invitation.send_count}:reminder:{invitation.reminders_sent}"
                ),
                related=invitation,
                edition_id=invitation.session.edition_id,
            )
            audit.record(
                actor=None, verb=Verb.MAIL_SENT, obj=invitation, detail={"reminder": invitation.reminders_sent}
            )
            reminded += 1
    return reminded
