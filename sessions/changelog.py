"""What changed between two published versions of an agenda, session by session.

Entries are plain dicts stored on the AgendaVersion and sent to partners:
``{"type": …, "session": guid, "session_id": id, "title": {lang: …},
"sub_forums": [ids whose attendees care], "speakers": [ids who care],
"before": …, "after": …}``. Sessions are matched by GUID, so a renamed or
moved session is one session that changed, not one removed and one added.
"""

from __future__ import annotations

from typing import Any

ADDED = "added"
REMOVED = "removed"
CANCELLED = "cancelled"
REINSTATED = "reinstated"
MOVED_TIME = "time"
MOVED_ROOM = "room"
MOVED_SUB_FORUM = "sub_forum"
SPEAKERS = "speakers"
TITLE = "title"
CHANGE_TYPES = (ADDED, REMOVED, CANCELLED, REINSTATED, MOVED_TIME, MOVED_ROOM, MOVED_SUB_FORUM, SPEAKERS, TITLE)


def _room(snapshot: dict[str, Any], room_id: int | None) -> dict[str, Any] | None:
    for room in snapshot["rooms"]:
        if room["id"] == room_id:
            return {"id": room_id, "name": room["name"]}
    return None


def _speaker_roles(session: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"speaker": r["speaker"], "role": r["role"]} for r in session["speakers"]]


def _entry(kind: str, old: dict[str, Any] | None, new: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    current: dict[str, Any] = new if new is not None else old  # type: ignore[assignment]
    sub_forums = sorted({s["sub_forum"] for s in (old, new) if s is not None}, key=lambda v: (v is None, v or 0))
    speakers = sorted({r["speaker"] for s in (old, new) if s is not None for r in s["speakers"]})
    return {
        "type": kind,
        "session": current["guid"],
        "session_id": current["id"],
        "title": current["title"],
        "start": current["start"],
        "sub_forums": sub_forums,
        "speakers": speakers,
        **extra,
    }


def compute_changelog(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes from ``previous`` to ``current`` (snapshots); every session is
    "added" against no previous version."""
    before = {s["guid"]: s for s in previous["sessions"]} if previous else {}
    after = {s["guid"]: s for s in current["sessions"]}
    changes: list[dict[str, Any]] = []
    for guid, new in after.items():
        old = before.get(guid)
        if old is None:
            changes.append(_entry(ADDED, None, new))
            continue
        if new["cancelled"] != old["cancelled"]:
            changes.append(_entry(CANCELLED if new["cancelled"] else REINSTATED, old, new))
        if (old["start"], old["end"]) != (new["start"], new["end"]):
            changes.append(
                _entry(
                    MOVED_TIME,
                    old,
                    new,
                    before={"start": old["start"], "end": old["end"]},
                    after={"start": new["start"], "end": new["end"]},
                )
            )
        if old["room"] != new["room"]:
            changes.append(
                _entry(MOVED_ROOM, old, new, before=_room(previous, old["room"]), after=_room(current, new["room"]))
            )
        if old["sub_forum"] != new["sub_forum"]:
            changes.append(_entry(MOVED_SUB_FORUM, old, new, before=old["sub_forum"], after=new["sub_forum"]))
        if _speaker_roles(old) != _speaker_roles(new):
            changes.append(_entry(SPEAKERS, old, new, before=_speaker_roles(old), after=_speaker_roles(new)))
        if old["title"] != new["title"]:
            changes.append(_entry(TITLE, old, new, before=old["title"], after=new["title"]))
    for guid, old in before.items():
        if guid not in after:
            changes.append(_entry(REMOVED, old, None))
    return changes
