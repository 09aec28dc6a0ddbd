"""The speakers of an edition, and one page per person across all editions."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation

from forums.models import Edition
from forums.selectors import public_editions
from sessions.enums import SessionKind, SpeakerRole
from sessions.selectors import edition_speaker, edition_speakers, speaker_appearances
from sessions.snapshot import pick
from sessions.speaker_profiles import public_links, public_profile


def _public_edition(slug: str) -> Edition:
    edition = public_editions().select_related("forum").filter(slug=slug).first()
    if edition is None:
        raise Http404("No such edition.")
    return edition


def _card(profile: dict[str, Any], language: str) -> dict[str, Any]:
    """A profile in one language, as the templates show it."""
    return {
        "slug": profile["slug"],
        "name": pick(profile["name"], language),
        "line": pick(profile["public_line"], language),
        "affiliation": pick(profile["affiliation"], language),
        "biography": pick(profile["biography"], language),
        "photo": profile["photo"],
        "website": profile["website"],
    }


def speaker_list(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _public_edition(edition_slug)
    language = translation.get_language()
    speakers = [_card(public_profile(speaker), language) for speaker in edition_speakers(edition)]
    return render(request, "sessions/speaker_list.html", {"edition": edition, "speakers": speakers})


def speaker_detail(request: HttpRequest, edition_slug: str, speaker_slug: str) -> HttpResponse:
    """A person's page: reached from any edition they spoke at, the same person and history."""
    edition = _public_edition(edition_slug)
    speaker = edition_speaker(edition, speaker_slug)
    if speaker is None:
        raise Http404("No such speaker in this edition.")
    language = translation.get_language()
    kinds, roles = dict(SessionKind.choices), dict(SpeakerRole.choices)
    history = []
    for shown, parts in groupby(speaker_appearances(speaker), key=lambda part: part.session.edition):
        items = []
        for part in parts:
            session = part.session
            items.append(
                {
                    "id": session.pk,
                    "title": session.title,
                    "kind": kinds.get(session.kind, session.kind),
                    "role": roles.get(part.role, part.role),
                    "start": timezone.localtime(session.start, shown.tz),
                    "end": timezone.localtime(session.end, shown.tz),
                    "room": session.room.name if session.room else "",
                    "sub_forum": session.sub_forum.title if session.sub_forum else "",
                }
            )
        history.append({"edition": shown, "current": shown.pk == edition.pk, "sessions": items})
    # One canonical address per person: under the newest edition they spoke at.
    canonical = history[0]["edition"].slug if history else edition.slug
    context = {
        "edition": edition,
        "speaker": _card(public_profile(speaker), language),
        "links": public_links(speaker),
        "history": history,
        "canonical_edition": canonical,
    }
    return render(request, "sessions/speaker_detail.html", context)
