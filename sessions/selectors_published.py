"""Reads of the published agenda: what public pages and the API serve (never the draft)."""

from __future__ import annotations

from forums.models import Edition
from sessions.models import AgendaVersion


def latest_version(edition: Edition) -> AgendaVersion | None:
    """The edition's latest published version, or None before the first publish."""
    return AgendaVersion.objects.filter(edition=edition).order_by("-number").first()


def version_list(edition: Edition) -> list[AgendaVersion]:
    """Every published version, newest first, without their (large) snapshots."""
    return list(
        AgendaVersion.objects.filter(edition=edition)
        .defer("snapshot")
        .select_related("published_by")
        .order_by("-number")
    )
