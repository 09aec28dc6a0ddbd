"""Where the forums' rows live, for the audit trail (``audit.places``)."""

from __future__ import annotations

from collections.abc import Iterable

from audit import places
from audit.places import Place
from forums.models import Edition, EditionOrganisation, Forum, ForumMembership, SubForum


def edition_place(edition_id: int) -> list[Place]:
    forum_id = Edition.objects.filter(pk=edition_id).values_list("forum_id", flat=True).first()
    return [] if forum_id is None else [Place(forum_id=forum_id, edition_id=edition_id)]


def _edition(edition: Edition) -> Iterable[Place]:
    return [Place(forum_id=edition.forum_id, edition_id=edition.pk)]


def _sub_forum(sub_forum: SubForum) -> Iterable[Place]:
    return [Place(forum_id=sub_forum.edition.forum_id, edition_id=sub_forum.edition_id, sub_forum_id=sub_forum.pk)]


def _membership(membership: ForumMembership) -> Iterable[Place]:
    return [Place(forum_id=membership.forum_id, edition_id=membership.edition_id)]


def register() -> None:
    places.register(Forum, lambda forum: [Place(forum_id=forum.pk)])
    places.register(Edition, _edition)
    places.register(SubForum, _sub_forum)
    places.register(EditionOrganisation, lambda role: edition_place(role.edition_id))
    places.register(ForumMembership, _membership)
