"""Who may do what in the organiser's workspace.

Staff work on a forum's team (``ForumMembership``) in one role, for the whole
forum, for one edition of it, or — sub-forum hosts, partner societies that run
a sub-forum — for some of its sub-forums:

============  ==================================================================
owner         everything, and manages the team
organiser     everything but the team: editions, agenda, publishing, registrations, mail, exports
desk          sees registrations, checks people in, exports what it sees (door lists); changes nothing else
viewer        reads; takes no personal data out (no export, not even a door list)
host          reads, edits, checks in, writes to and exports only its sub-forums' sessions and attendees
============  ==================================================================

A superuser may do everything everywhere. Every list, form choice, action and
custom page asks this module, with the object's place (its forum, edition and
sub-forum, reached by the paths of an ``ObjectScope``); an object outside the
user's grants answers 404, so its existence does not leak.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Model, Q, QuerySet

from forums.enums import ForumTeamRole
from forums.models import ForumMembership


class Can(enum.StrEnum):
    VIEW = "view"
    EDIT = "edit"  # editions' details, sub-forums, organising roles, sessions, speakers' roles, registration types
    PUBLISH = "publish"  # publish the agenda, move an edition's status, create the next edition
    MANAGE_REGISTRATIONS = "manage_registrations"  # add, edit, approve, reject, cancel, promote; capacities
    CHECK_IN = "check_in"
    SEND_MAIL = "send_mail"  # reminder rules, mail to attendees, resending
    EXPORT = "export"  # personal data out of the system: registrations, speakers, door lists
    MANAGE_TEAM = "manage_team"


ROLE_CAN: dict[str, frozenset[Can]] = {
    ForumTeamRole.OWNER: frozenset(Can),
    ForumTeamRole.ORGANISER: frozenset(Can) - {Can.MANAGE_TEAM},
    ForumTeamRole.DESK: frozenset({Can.VIEW, Can.CHECK_IN, Can.EXPORT}),
    ForumTeamRole.VIEWER: frozenset({Can.VIEW}),
    ForumTeamRole.HOST: frozenset(
        {Can.VIEW, Can.EDIT, Can.MANAGE_REGISTRATIONS, Can.CHECK_IN, Can.SEND_MAIL, Can.EXPORT}
    ),
}


@dataclass(frozen=True)
class ObjectScope:
    """Where a model's rows live: the paths from the model to a forum id, an
    edition id and a sub-forum id (``None`` where the model has none).

    ``"pk"`` means the row itself (a forum's own scope is ``forum="pk"``).
    """

    forum: str
    edition: str | None = None
    sub_forum: str | None = None


@dataclass(frozen=True)
class Grant:
    forum_id: int
    role: str
    edition_id: int | None  # None: every edition of the forum
    sub_forum_ids: frozenset[int] | None  # None: not limited to sub-forums (every role but host)

    def can(self, capability: Can) -> bool:
        return capability in ROLE_CAN.get(self.role, frozenset())


class Access:
    """One user's grants, read once (two queries), answering every "may they?"."""

    def __init__(self, user: Any) -> None:
        self.is_superuser = bool(getattr(user, "is_superuser", False) and user.is_active)
        self.grants: list[Grant] = []
        if self.is_superuser or not (user.is_authenticated and user.is_active and user.is_staff):
            return
        memberships = list(ForumMembership.objects.filter(user_id=user.pk))
        hosts = [m.pk for m in memberships if m.role == ForumTeamRole.HOST]
        hosted_by: dict[int, set[int]] = {pk: set() for pk in hosts}
        if hosts:  # a second query only for sub-forum hosts
            links = ForumMembership.sub_forums.through.objects.filter(forummembership_id__in=hosts)
            for membership_id, sub_forum_id in links.values_list("forummembership_id", "subforum_id"):
                hosted_by[membership_id].add(sub_forum_id)
        for membership in memberships:
            hosted = frozenset(hosted_by[membership.pk]) if membership.role == ForumTeamRole.HOST else None
            self.grants.append(
                Grant(
                    forum_id=membership.forum_id,
                    role=membership.role,
                    edition_id=membership.edition_id,
                    sub_forum_ids=hosted,
                )
            )

    # --- without an object -------------------------------------------------------
    def any(self, capability: Can, scope: ObjectScope | None = None) -> bool:
        """Whether the user may do this somewhere (shows a menu entry, an action, a page);
        with ``scope``, on some row of a model placed so (an edition-limited member has
        nothing to do on forum-wide rows, a host nothing outside sub-forums)."""
        if self.is_superuser:
            return True
        return any(
            grant.can(capability) and (scope is None or self._grant_q(grant, scope) is not None)
            for grant in self.grants
        )

    def forum_ids(self, capability: Can) -> set[int]:
        """Forums where the user may do this for at least part of the forum."""
        return {grant.forum_id for grant in self.grants if grant.can(capability)}

    # --- on rows ---------------------------------------------------------------------
    def q(self, capability: Can, scope: ObjectScope) -> Q:
        """The rows, reached through ``scope``, on which the user may do this (superusers: all)."""
        if self.is_superuser:
            return Q()
        parts = [self._grant_q(grant, scope) for grant in self.grants if grant.can(capability)]
        parts = [part for part in parts if part is not None]
        return reduce(or_, parts) if parts else Q(pk__in=[])

    @staticmethod
    def _grant_q(grant: Grant, scope: ObjectScope) -> Q | None:
        condition = Q(**{_id_path(scope.forum): grant.forum_id})
        if grant.edition_id is not None:
            if scope.edition is None:
                return None  # an edition-limited member sees no forum-wide row (the series, its team)
            condition &= Q(**{_id_path(scope.edition): grant.edition_id})
        if grant.sub_forum_ids is not None:
            if scope.sub_forum is None:
                return None  # a host sees only rows of its sub-forums
            condition &= Q(**{f"{_id_path(scope.sub_forum)}__in": grant.sub_forum_ids})
        return condition

    def filter(self, queryset: QuerySet, capability: Can, scope: ObjectScope) -> QuerySet:
        """``queryset`` narrowed to the rows the user may do this on."""
        if self.is_superuser:
            return queryset
        narrowed = queryset.filter(self.q(capability, scope))
        # A path through a to-many relation (a registration's choices) repeats rows.
        return narrowed.distinct() if _is_multi_valued(queryset.model, scope) else narrowed

    def allows(self, capability: Can, obj: Model, scope: ObjectScope) -> bool:
        """Whether the user may do this on ``obj`` (no query when the paths are plain foreign keys)."""
        if self.is_superuser:
            return True
        if _is_multi_valued(type(obj), scope):
            if obj.pk is None:  # a new row has no related rows yet
                return False
            return type(obj)._default_manager.filter(pk=obj.pk).filter(self.q(capability, scope)).exists()
        place = (
            follow(obj, scope.forum),
            follow(obj, scope.edition) if scope.edition else None,
            follow(obj, scope.sub_forum) if scope.sub_forum else None,
        )
        return any(grant.can(capability) and _covers(grant, *place, scope) for grant in self.grants)

    def allows_place(
        self, capability: Can, *, forum_id: int, edition_id: int | None = None, sub_forum_id: int | None = None
    ) -> bool:
        """Whether the user may do this at a place given by ids (a page about an edition, a door)."""
        if self.is_superuser:
            return True
        scope = ObjectScope(
            forum="forum", edition="edition" if edition_id else None, sub_forum="sub_forum" if sub_forum_id else None
        )
        return any(
            grant.can(capability) and _covers(grant, forum_id, edition_id, sub_forum_id, scope) for grant in self.grants
        )

    def partition(self, capability: Can, objects: Iterable[Model], scope: ObjectScope) -> tuple[list, list]:
        """(allowed, refused) among ``objects`` — for an action over selected rows."""
        objects = list(objects)
        if self.is_superuser or not objects:
            return objects, []
        model = type(objects[0])
        allowed_pks = set(
            model._default_manager.filter(pk__in=[o.pk for o in objects])
            .filter(self.q(capability, scope))
            .values_list("pk", flat=True)
        )
        return [o for o in objects if o.pk in allowed_pks], [o for o in objects if o.pk not in allowed_pks]


def _covers(grant: Grant, forum_id: Any, edition_id: Any, sub_forum_id: Any, scope: ObjectScope) -> bool:
    if forum_id != grant.forum_id:
        return False
    if grant.edition_id is not None and (scope.edition is None or edition_id != grant.edition_id):
        return False
    return grant.sub_forum_ids is None or (scope.sub_forum is not None and sub_forum_id in grant.sub_forum_ids)


def _id_path(path: str) -> str:
    """``"edition__forum"`` → ``"edition__forum_id"``; a path ending in ``"pk"`` (``"pk"``, or a reverse
    relation's ``"sub_forums__pk"``) stays."""
    *hops, last = path.split("__")
    if last == "pk":
        return path
    return "__".join([*hops, f"{last}_id"])


def follow(obj: Model, path: str) -> Any:
    """The id at the end of ``path`` on an instance (``"session__edition__forum"`` → a forum id)."""
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def _is_multi_valued(model: type[Model], scope: ObjectScope) -> bool:
    """Whether a path of ``scope`` crosses a to-many relation (then rows repeat and instances cannot be followed)."""
    for path in (scope.forum, scope.edition, scope.sub_forum):
        if not path or path == "pk":
            continue
        current = model
        for hop in path.split("__"):
            field = current._meta.get_field(hop)
            if field.many_to_many or field.one_to_many:
                return True
            current = field.related_model
    return False


_REQUEST_ATTR = "_agora_access"


def access_for(request: Any) -> Access:
    """The request user's Access, built once per request."""
    access = getattr(request, _REQUEST_ATTR, None)
    if access is None:
        access = Access(request.user)
        setattr(request, _REQUEST_ATTR, access)
    return access
