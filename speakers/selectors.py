"""Read queries about speakers, shared by pages, the admin, documents and tasks."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, F, Prefetch, QuerySet, Value, When

from forums.models import Edition
from sessions.models import Session, SessionSpeaker, Speaker
from speakers.enums import ConsentSource, InvitationStatus
from speakers.models import Consent, Invitation, SpeakerProfile, TravelPlan


def accepted_speakers(edition: Edition | int) -> QuerySet[Speaker]:
    """The people on the edition's programme: each speaker with a role in one of its live sessions.

    Accepting an invitation gives the role; a speaker an organiser put on a session
    directly counts too. Their roles in the edition are prefetched as ``edition_roles``
    (with the session), ordered by start.
    """
    edition_id = edition if isinstance(edition, int) else edition.pk
    roles = (
        SessionSpeaker.objects.filter(session__edition_id=edition_id, session__is_cancelled=False)
        .select_related("session__room", "session__sub_forum")
        .order_by("session__start", "order")
    )
    return (
        Speaker.objects.filter(roles__session__edition_id=edition_id, roles__session__is_cancelled=False)
        .distinct()
        .order_by("name", "pk")
        .prefetch_related(Prefetch("roles", queryset=roles, to_attr="edition_roles"))
    )


def is_accepted(*, speaker: Speaker, edition: Edition | int) -> bool:
    edition_id = edition if isinstance(edition, int) else edition.pk
    return SessionSpeaker.objects.filter(
        speaker=speaker, session__edition_id=edition_id, session__is_cancelled=False
    ).exists()


def invitation_by_key(key: object) -> Invitation:
    """The invitation for a link, with what its page shows; Invitation.DoesNotExist otherwise."""
    return Invitation.objects.select_related(
        "session__edition__forum", "session__room", "session__sub_forum", "speaker"
    ).get(key=key)


def profile_by_key(key: object) -> SpeakerProfile:
    return SpeakerProfile.objects.select_related("speaker").get(key=key)


def speaker_roles(speaker: Speaker) -> QuerySet[SessionSpeaker]:
    """The speaker's roles across all editions, latest first, with session, edition and room."""
    return (
        SessionSpeaker.objects.filter(speaker=speaker)
        .select_related("session__edition", "session__room", "session__sub_forum")
        .order_by("-session__start", "pk")
    )


def travel_plans(edition: Edition | int, *, sessions: QuerySet[Session] | None = None) -> list:
    """The edition's travel plans with their speakers, by arrival (unknown arrivals last).

    With ``sessions`` (a sub-forum host's part), only the plans of speakers with a role in one of them.
    """
    edition_id = edition if isinstance(edition, int) else edition.pk
    plans = TravelPlan.objects.filter(edition_id=edition_id)
    if sessions is not None:
        plans = plans.filter(speaker_id__in=SessionSpeaker.objects.filter(session__in=sessions).values("speaker_id"))
    return list(plans.select_related("speaker").order_by(F("arrival_at").asc(nulls_last=True), "speaker__name"))


def arrivals_by_day(plans: list, tz: Any) -> list[tuple[Any, list[tuple[str, list]]]]:
    """For the pick-up team: [(day, [(station, plans)])] in the forum's zone; plans without an arrival left out."""
    days: dict[Any, dict[str, list]] = {}
    for plan in plans:
        if plan.arrival_at is None:
            continue
        day = plan.arrival_at.astimezone(tz).date()
        days.setdefault(day, {}).setdefault(plan.arrival_station.strip() or "—", []).append(plan)
    return [(day, sorted(stations.items())) for day, stations in sorted(days.items())]


def speaker_languages(speaker_ids: list[int]) -> dict[int, str]:
    """The language each of these speakers chose (those with a private profile), in one query."""
    return dict(SpeakerProfile.objects.filter(speaker_id__in=speaker_ids).values_list("speaker_id", "language"))


def invitation_language(*, speaker_id: int, edition_id: int) -> str | None:
    """The language the speaker was invited in, for someone without a private profile: their
    invitation to this edition (an accepted one first, then the latest sent), else their latest
    invitation to any edition; None if they were never invited. One query."""
    in_edition = Case(When(session__edition_id=edition_id, then=Value(0)), default=Value(1))
    accepted = Case(When(status=InvitationStatus.ACCEPTED, then=Value(0)), default=Value(1))
    return (
        Invitation.objects.filter(speaker_id=speaker_id)
        .order_by(in_edition, accepted, "-sent_at", "-pk")
        .values_list("language", flat=True)
        .first()
    )


def consents_given_elsewhere(speaker: Speaker) -> list[Consent]:
    """The answers in force that the speaker gave on paper or by e-mail (organisers recorded them), by subject."""
    latest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(speaker=speaker).order_by("subject", "-recorded_at", "-pk"):
        latest.setdefault(consent.subject, consent)
    return [c for c in latest.values() if c.source != ConsentSource.OWN_PAGE]
