"""Reads for the registration pages, the API and tasks, with their joins spelled out."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from attendees.enums import ADMITTED_STATUSES, ChoiceStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from forums.models import Edition, EditionOrganisation, SubForum
from forums.selectors import public_editions


def edition_for_page(*, slug: str, with_organisers: bool = True) -> Edition:
    """An edition with its sub-forums (and rooms), registration types and, for
    its public page, organising bodies: three or four queries.

    Raises Edition.DoesNotExist for an unknown or unpublished edition.
    """
    prefetches = [
        Prefetch("sub_forums", queryset=SubForum.objects.select_related("room").order_by("start", "order")),
        Prefetch("registration_types", queryset=RegistrationType.objects.order_by("order", "name")),
    ]
    if with_organisers:
        prefetches.append(
            Prefetch(
                "organising_roles",
                queryset=EditionOrganisation.objects.select_related("organisation").order_by("role", "order"),
            )
        )
    return public_editions().select_related("forum", "venue").prefetch_related(*prefetches).get(slug=slug)


def registration_by_code(*, code: str, edition: Edition | None = None) -> Registration:
    """A registration with its edition, type and sub-forum choices (rooms included), in two queries."""
    queryset = Registration.objects.select_related("edition", "edition__venue", "registration_type").prefetch_related(
        Prefetch(
            "choices",
            queryset=SubForumChoice.objects.select_related("sub_forum", "sub_forum__room").order_by(
                "sub_forum__start", "sub_forum__order"
            ),
        )
    )
    if edition is not None:
        queryset = queryset.filter(edition=edition)
    return queryset.get(code=code.strip().upper())


def confirmed_sub_forums(registration: Registration) -> list[SubForum]:
    """Sub-forums the registration may enter; uses the prefetched choices."""
    return [c.sub_forum for c in registration.choices.all() if c.status == ChoiceStatus.CONFIRMED]


def door_choices(sub_forum_ids: Iterable[int] | QuerySet) -> QuerySet[SubForumChoice]:
    """Who may enter these sub-forums' doors: confirmed choices of registrations that admit
    entry (the same rule as ``services.check_in``), by sub-forum, then by name."""
    return SubForumChoice.objects.filter(
        sub_forum_id__in=sub_forum_ids,
        status=ChoiceStatus.CONFIRMED,
        registration__status__in=ADMITTED_STATUSES,
    ).order_by("sub_forum_id", "registration__name", "registration_id")


def door_attendees(sub_forum: SubForum) -> list[SubForumChoice]:
    """The sub-forum's door list (``door_choices``), with the registration; one query."""
    return list(door_choices([sub_forum.pk]).select_related("registration"))
