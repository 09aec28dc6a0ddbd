"""Messages to accepted speakers: what they still owe (the organisers' one click), and
what to know before their session (beat, ``SPEAKERS_SESSION_REMINDER_HOURS`` ahead).

Both go through the outbox, in the speaker's language first with the other below,
and carry the speaker's own link (profile, slides, travel). Dedupe keys make a
second run send nothing twice: the missing-items reminder once a day per list of
items, the session reminder once per session start (a moved session is reminded again).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.enums import Verb
from forums.models import Edition
from sessions.enums import SpeakerRole
from sessions.models import SessionSpeaker
from speakers import emails, tokens
from speakers.enums import KIND_MISSING, KIND_SESSION_REMINDER
from speakers.models import Material, SpeakerProfile
from speakers.overview import MISSING_LABELS, Row, speaker_overview
from speakers.services import ensure_profile


def remind_missing(*, edition: Edition, rows: list[Row] | None = None, actor: Any = None) -> int:
    """E-mail every accepted speaker of ``edition`` who still owes something; returns how many were written to."""
    rows = speaker_overview(edition) if rows is None else rows
    today = timezone.localdate()
    written = 0
    with transaction.atomic():
        for row in rows:
            missing = row.missing
            if not missing or row.speaker is None or not row.speaker.email:
                continue
            profile = row.profile or ensure_profile(speaker=row.speaker)
            url = tokens.profile_url(profile)

            def context_for(language: str, row: Row = row, missing: list = missing, url: str = url) -> dict[str, Any]:
                return {
                    "name": row.speaker.name,
                    "edition": edition.title,
                    "missing": [str(MISSING_LABELS[item]) for item in missing],
                    "profile_url": url,
                }

            emails.queue(
                name="missing",
                kind=KIND_MISSING,
                to=row.speaker.email,
                language=profile.language,
                context_for=context_for,
                dedupe_key=f"speaker-missing:{edition.pk}:{row.speaker.pk}:{today.isoformat()}:{','.join(missing)}",
                related=row.speaker,
                edition_id=edition.pk,
            )
            written += 1
        if written:
            audit.record(actor=actor, verb=Verb.MAIL_SENT, obj=edition, detail={"speakers_missing_details": written})
    return written


def remind_sessions(*, now: dt.datetime | None = None) -> int:
    """Tell each speaker of a session starting within the reminder window about it; returns messages offered.

    A fixed number of queries per run: the roles due, their sessions' other roles,
    the speakers' profiles and the materials.
    """
    now = now or timezone.now()
    until = now + dt.timedelta(hours=settings.SPEAKERS_SESSION_REMINDER_HOURS)
    due = list(
        SessionSpeaker.objects.filter(session__start__gt=now, session__start__lte=until, session__is_cancelled=False)
        .exclude(speaker__email="")
        .select_related("speaker", "session__edition", "session__room", "session__sub_forum")
        .order_by("session__start", "session_id", "order")
    )
    if not due:
        return 0
    session_ids = {role.session_id for role in due}
    everyone: dict[int, list[SessionSpeaker]] = defaultdict(list)
    for role in (
        SessionSpeaker.objects.filter(session_id__in=session_ids).select_related("speaker").order_by("order", "pk")
    ):
        everyone[role.session_id].append(role)
    profiles = {p.speaker_id: p for p in SpeakerProfile.objects.filter(speaker_id__in={r.speaker_id for r in due})}
    materials: dict[tuple[int, int], list[str]] = defaultdict(list)
    for speaker_id, session_id, name in Material.objects.filter(session_id__in=session_ids).values_list(
        "speaker_id", "session_id", "original_name"
    ):
        materials[(speaker_id, session_id)].append(name)
    offered = 0
    with transaction.atomic():
        for role in due:
            profile = profiles.get(role.speaker_id) or ensure_profile(speaker=role.speaker)
            others = [r for r in everyone[role.session_id] if r.speaker_id != role.speaker_id]
            session = role.session
            url = tokens.profile_url(profile)

            def context_for(
                language: str, role: SessionSpeaker = role, others: list = others, url: str = url
            ) -> dict[str, Any]:
                return {
                    **emails.session_facts(role.session, language),
                    "name": role.speaker.name,
                    "role": role.get_role_display(),
                    "moderators": [
                        str(r.speaker) for r in others if r.role in (SpeakerRole.MODERATOR, SpeakerRole.HOST)
                    ],
                    "fellows": [
                        str(r.speaker) for r in others if r.role not in (SpeakerRole.MODERATOR, SpeakerRole.HOST)
                    ],
                    "materials": materials.get((role.speaker_id, role.session_id), []),
                    "profile_url": url,
                }

            emails.queue(
                name="session_reminder",
                kind=KIND_SESSION_REMINDER,
                to=role.speaker.email,
                language=profile.language,
                context_for=context_for,
                dedupe_key=f"speaker-session:{session.pk}:{role.speaker_id}:{role.role}:{session.start.isoformat()}",
                related=role.speaker,
                edition_id=session.edition_id,
                optional=True,
            )
            offered += 1
    return offered
