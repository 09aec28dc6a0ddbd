"""Reads of forums and editions, with their joins and prefetches, so the pages,
the API and the tasks load an edition the same way and in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from forums.enums import EditionStatus, OrganisingRole
from forums.models import Edition, EditionOrganisation, SubForum

# Statuses an anonymous visitor may see; drafts stay with the organisers.
PUBLIC_STATUSES = (
    EditionStatus.PUBLISHED,
    EditionStatus.REGISTRATION_OPEN,
    EditionStatus.CLOSED,
    EditionStatus.ARCHIVED,
)
# Organising roles print in the order of their vocabulary: initiator, host, co-host, …
ROLE_ORDER = {value: index for index, value in enumerate(OrganisingRole.values)}


def public_editions() -> QuerySet[Edition]:
    """Editions visitors (and partners) may see: every status but draft."""
    return Edition.objects.filter(status__in=PUBLIC_STATUSES)


def edition_detail(*, slug: str, public: bool = True) -> Edition:
    """One edition with everything its page shows: forum, venue, organising roles
    (with organisations, in role order) and sub-forums (with room, venue and hosts).
    Raises ``Edition.DoesNotExist`` for an unknown slug, or a draft when ``public``."""
    editions = Edition.objects.select_related("forum", "forum__initiator", "venue").prefetch_related(
        Prefetch(
            "organising_roles",
            queryset=EditionOrganisation.objects.select_related("organisation").order_by("role", "order", "pk"),
        ),
        Prefetch("sub_forums", queryset=sub_forums_with_rooms()),
    )
    if public:
        editions = editions.filter(status__in=PUBLIC_STATUSES)
    return editions.get(slug=slug)


def sub_forums_with_rooms() -> QuerySet[SubForum]:
    """Sub-forums in programme order, with room, venue and hosting organisations loaded."""
    return (
        SubForum.objects.select_related("room", "room__venue")
        .prefetch_related("hosts")
        .order_by("start", "order", "pk")
    )


def organisers_by_role(edition: Edition) -> dict[str, list[EditionOrganisation]]:
    """The organising roles of ``edition`` grouped by role, in the order of the
    role vocabulary (initiator, host, co-host, organiser, supporter), as printed
    at the head of a Chinese programme. Uses the prefetch of ``edition_detail``."""
    grouped: dict[str, list[EditionOrganisation]] = {}
    roles = sorted(edition.organising_roles.all(), key=lambda r: (ROLE_ORDER.get(r.role, 99), r.order, r.pk))
    for role in roles:
        grouped.setdefault(role.role, []).append(role)
    return grouped


def editions_open_for_registration(*, now: dt.datetime | None = None) -> QuerySet[Edition]:
    """Editions whose status is registration open and whose window (when set) contains ``now``."""
    now = now or timezone.now()
    return (
        Edition.objects.filter(status=EditionStatus.REGISTRATION_OPEN)
        .filter(Q(registration_opens__isnull=True) | Q(registration_opens__lte=now))
        .filter(Q(registration_closes__isnull=True) | Q(registration_closes__gt=now))
        .select_related("forum", "venue")
        .order_by("start")
    )
