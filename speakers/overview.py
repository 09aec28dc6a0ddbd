"""The organisers' overview of an edition's speakers: who is invited, who accepted or
declined, and what each accepted speaker still owes (photo, biography in either
language, slides, travel details) — in a fixed number of queries, whatever the
number of speakers.

People are the edition's speakers (a role in a live session) and everyone invited
to one of its sessions; an invitee who has no profile yet is known by e-mail.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from forums.models import Edition
from sessions.models import Session, SessionSpeaker, Speaker
from speakers.enums import OPEN_STATUSES, InvitationStatus
from speakers.models import Invitation, Material, SpeakerProfile, TravelPlan


class Missing(enum.StrEnum):
    PHOTO = "photo"
    BIOGRAPHY_ZH = "biography_zh"
    BIOGRAPHY_EN = "biography_en"
    SLIDES = "slides"
    TRAVEL = "travel"


MISSING_LABELS = {
    Missing.PHOTO: _("photo"),
    Missing.BIOGRAPHY_ZH: _("biography in Chinese"),
    Missing.BIOGRAPHY_EN: _("biography in English"),
    Missing.SLIDES: _("slides"),
    Missing.TRAVEL: _("travel details"),
}

# The state shown for a person, from their invitations and roles: the furthest along wins.
ACCEPTED, INVITED = "accepted", "invited"
STATE_ORDER = [ACCEPTED, INVITED, InvitationStatus.DECLINED, InvitationStatus.EXPIRED, InvitationStatus.WITHDRAWN]
STATE_LABELS = {
    ACCEPTED: _("Accepted"),
    INVITED: _("Invited, no answer yet"),
    InvitationStatus.DECLINED: _("Declined"),
    InvitationStatus.EXPIRED: _("Invitation expired"),
    InvitationStatus.WITHDRAWN: _("Invitation withdrawn"),
}


@dataclass
class Row:
    """One person of the overview."""

    name: str
    email: str
    speaker: Speaker | None = None
    profile: SpeakerProfile | None = None
    roles: list[SessionSpeaker] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    travel: TravelPlan | None = None
    has_slides: bool = False

    @property
    def state(self) -> str:
        if self.roles:
            return ACCEPTED
        states = {INVITED if i.status in OPEN_STATUSES else i.status for i in self.invitations}
        return next((s for s in STATE_ORDER if s in states), INVITED)

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def decline_reasons(self) -> list[str]:
        return [
            i.decline_reason for i in self.invitations if i.status == InvitationStatus.DECLINED and i.decline_reason
        ]

    @property
    def missing(self) -> list[Missing]:
        """What an accepted speaker has not given yet (nothing is asked of the others)."""
        if self.state != ACCEPTED or self.speaker is None:
            return []
        speaker = self.speaker
        missing = []
        if not speaker.photo:
            missing.append(Missing.PHOTO)
        if not (speaker.biography_zh_hans or "").strip():
            missing.append(Missing.BIOGRAPHY_ZH)
        if not (speaker.biography_en or "").strip():
            missing.append(Missing.BIOGRAPHY_EN)
        if not self.has_slides:
            missing.append(Missing.SLIDES)
        if self.travel is None or not self.travel.is_complete:
            missing.append(Missing.TRAVEL)
        return missing

    @property
    def missing_labels(self) -> list[str]:
        return [str(MISSING_LABELS[item]) for item in self.missing]


def speaker_overview(edition: Edition | int, *, sessions: QuerySet[Session] | None = None) -> list[Row]:
    """Every person of the edition, by name; five queries whatever their number.

    With ``sessions`` (a sub-forum host's part, ``speakers.scopes``), only the people with a
    role in or an invitation to one of those sessions, and only those roles and invitations.
    """
    edition_id = edition if isinstance(edition, int) else edition.pk
    within = {} if sessions is None else {"session__in": sessions}
    rows: dict[object, Row] = {}

    def row_for(speaker: Speaker | None, email: str, name: str) -> Row:
        key = ("speaker", speaker.pk) if speaker is not None else ("email", email.lower())
        if key not in rows:
            rows[key] = Row(
                name=str(speaker) if speaker else name, email=(speaker.email if speaker else email), speaker=speaker
            )
        return rows[key]

    roles = (
        SessionSpeaker.objects.filter(session__edition_id=edition_id, session__is_cancelled=False, **within)
        .select_related("speaker", "session")
        .order_by("session__start", "order")
    )
    for role in roles:
        row_for(role.speaker, role.speaker.email, "").roles.append(role)
    invitations = (
        Invitation.objects.filter(session__edition_id=edition_id, **within)
        .select_related("speaker", "session")
        .order_by("created_at")
    )
    for invitation in invitations:
        row_for(invitation.speaker, invitation.email, invitation.name).invitations.append(invitation)
    speaker_ids = [key[1] for key in rows if key[0] == "speaker"]
    for profile in SpeakerProfile.objects.filter(speaker_id__in=speaker_ids):
        rows[("speaker", profile.speaker_id)].profile = profile
    for plan in TravelPlan.objects.filter(edition_id=edition_id, speaker_id__in=speaker_ids):
        rows[("speaker", plan.speaker_id)].travel = plan
    slides = defaultdict(set)
    for speaker_id, session_id in (
        Material.objects.filter(session__edition_id=edition_id, speaker_id__in=speaker_ids, **within)
        .values_list("speaker_id", "session_id")
        .distinct()
    ):
        slides[speaker_id].add(session_id)
    for key, row in rows.items():
        if key[0] == "speaker":
            row.has_slides = bool(slides.get(key[1]))
    return sorted(rows.values(), key=lambda r: (STATE_ORDER.index(r.state), r.name.lower(), r.email.lower()))


def filter_rows(rows: list[Row], *, state: str = "", missing: str = "") -> list[Row]:
    """The rows in ``state`` (one of STATE_ORDER) and/or missing ``missing`` ("any" for anything)."""
    if state:
        rows = [r for r in rows if r.state == state]
    if missing == "any":
        rows = [r for r in rows if r.missing]
    elif missing:
        rows = [r for r in rows if missing in r.missing]
    return rows
