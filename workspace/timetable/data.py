"""What the timetable shows, read for one user: the sessions they may see (live or as
published), which of them they may move, the rooms and what changed since the last
published version. A fixed number of queries whatever the size of the agenda."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation

from forums.models import Edition, Room, SubForum
from forums.permissions import Access, Can, ObjectScope
from sessions.enums import SessionKind
from sessions.models import AgendaVersion, Session
from sessions.selectors import outlined_changes
from sessions.snapshot import pick
from workspace.timetable.grid import Grid, Item, build_grid

# The places of sessions and sub-forums, as their admins scope them.
SESSION_SCOPE = ObjectScope(forum="edition__forum", edition="edition", sub_forum="sub_forum")
SUB_FORUM_SCOPE = ObjectScope(forum="edition__forum", edition="edition", sub_forum="pk")
DRAFT, PUBLISHED = "draft", "published"


def may_see_timetable(access: Access, edition: Edition) -> bool:
    """The edition's team reads it whole; a sub-forum host reads its own sub-forums' part."""
    if access.allows_place(Can.VIEW, forum_id=edition.forum_id, edition_id=edition.pk):
        return True
    return access.filter(SubForum.objects.filter(edition=edition), Can.VIEW, SUB_FORUM_SCOPE).exists()


def visible_sessions(access: Access, edition: Edition) -> QuerySet[Session]:
    return access.filter(Session.objects.filter(edition=edition), Can.VIEW, SESSION_SCOPE)


def movable_session_ids(access: Access, edition: Edition) -> set[int]:
    sessions = access.filter(Session.objects.filter(edition=edition), Can.EDIT, SESSION_SCOPE)
    return set(sessions.order_by().values_list("pk", flat=True))


def grid_rooms(edition: Edition, room_ids: set[int]) -> list[Room]:
    """The rooms of the edition's venue, then every other room its sessions and sub-forums use, each
    in the order of rooms (``forums.models.ROOM_ORDERING``)."""
    rooms = Room.objects.filter(Q(pk__in=room_ids) | Q(venue_id=edition.venue_id)).select_related("venue")
    return sorted(rooms, key=lambda room: (room.venue_id != edition.venue_id, *room.sort_key))


def _changes_by_session(changelog: list[dict[str, Any]]) -> dict[int, tuple[str, ...]]:
    changes: dict[int, list[str]] = defaultdict(list)
    for entry in changelog:
        changes[entry["session_id"]].append(entry["type"])
    return {session_id: tuple(types) for session_id, types in changes.items()}


@dataclass
class Timetable:
    edition: Edition
    view: str
    grid: Grid
    published: AgendaVersion | None
    changelog: list[dict[str, Any]]  # from the published version to the live agenda
    movable: bool  # the user may move at least one of the sessions shown

    @property
    def unpublished(self) -> int:
        return len(self.changelog)

    @property
    def removed(self) -> list[str]:
        """Titles of the published sessions since deleted (they have no block to mark)."""
        return [pick(entry["title"]) for entry in self.changelog if entry["type"] == "removed"]


def _kind_labels() -> dict[str, str]:
    """Each kind's label in the active language (a session of an unknown kind shows its value)."""
    return {kind.value: str(kind.label) for kind in SessionKind}


def _items(
    snapshot: dict[str, Any], visible_ids: set[int], movable: set[int], changes: dict[int, tuple[str, ...]]
) -> list[Item]:
    """The sessions of the live agenda's outline or a published snapshot that this user may see."""
    language = translation.get_language()
    labels = _kind_labels()
    speakers = {s["id"]: pick(s["name"], language) for s in snapshot["speakers"]}
    return [
        Item(
            id=s["id"],
            title=pick(s["title"], language),
            kind=s["kind"],
            kind_label=labels.get(s["kind"], s["kind"]),
            start=dt.datetime.fromisoformat(s["start"]),
            end=dt.datetime.fromisoformat(s["end"]),
            room_id=s["room"],
            sub_forum_id=s["sub_forum"],
            cancelled=s["cancelled"],
            speakers="、".join(speakers.get(r["speaker"], "") for r in s["speakers"]),
            editable=s["id"] in movable,
            changes=changes.get(s["id"], ()),
        )
        for s in snapshot["sessions"]
        if s["id"] in visible_ids
    ]


def read_timetable(*, access: Access, edition: Edition, view: str = DRAFT) -> Timetable:
    """The timetable of ``edition`` as this user may see it: the live agenda (``DRAFT``) or the
    last published version (``PUBLISHED``), what changed between them marked on the blocks."""
    published, outline, changelog = outlined_changes(edition)
    # Before the first publication everything is new: nothing to single out.
    changes = _changes_by_session(changelog) if published is not None else {}
    # Drawn from the outline the changes were found in, not from a second reading of the rows.
    visible_ids = set(visible_sessions(access, edition).order_by().values_list("pk", flat=True))
    sub_forums = list(
        access.filter(SubForum.objects.filter(edition=edition), Can.VIEW, SUB_FORUM_SCOPE).order_by(
            "start", "order", "pk"
        )
    )
    if view == PUBLISHED and published is not None:
        if access.allows_place(Can.VIEW, forum_id=edition.forum_id, edition_id=edition.pk):
            visible_ids |= {s["id"] for s in published.snapshot["sessions"]}  # also sessions deleted since
        items = _items(published.snapshot, visible_ids, set(), changes)
    else:
        view = DRAFT
        items = _items(outline, visible_ids, movable_session_ids(access, edition), changes)
    room_ids = {item.room_id for item in items if item.room_id} | {f.room_id for f in sub_forums if f.room_id}
    grid = build_grid(
        items=items,
        rooms=grid_rooms(edition, room_ids),
        sub_forums=sub_forums,
        tz=edition.tz,
        edition_start=edition.start,
        edition_end=edition.end,
    )
    return Timetable(
        edition=edition,
        view=view,
        grid=grid,
        published=published,
        changelog=changelog,
        movable=any(item.editable for item in items),
    )
