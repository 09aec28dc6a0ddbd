"""Writing the audit trail: the one service every change and action calls.

``record`` writes one entry (and its places) in the caller's transaction, so a
rolled-back change leaves no trace and a committed one always has its entry.
The actor is passed explicitly by whoever acts (the admin passes
``request.user``); services called without a user record the kind of actor
instead (the attendee through their link, a partner, the system).
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model, QuerySet

from audit.enums import ActorKind
from audit.models import AuditEntry, AuditPlace
from audit.places import Place, places_of, places_of_many

MAX_VALUE_LENGTH = 500


def plain(value: Any) -> Any:
    """A value as the trail keeps it: JSON, readable, bounded (objects by their name)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Model):
        return str(value)[:MAX_VALUE_LENGTH]
    if isinstance(value, QuerySet | list | tuple | set | frozenset):
        return [plain(item) for item in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)[:MAX_VALUE_LENGTH]


def _actor_fields(actor: Any, actor_kind: str | None, actor_name: str) -> dict[str, Any]:
    if actor is not None and getattr(actor, "is_authenticated", False):
        return {"actor": actor, "actor_name": actor.get_username(), "actor_kind": actor_kind or ActorKind.STAFF}
    return {"actor": None, "actor_name": actor_name, "actor_kind": actor_kind or ActorKind.SYSTEM}


def _entry(
    *,
    actor: Any,
    verb: str,
    obj: Model,
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None,
    detail: Mapping[str, Any] | None,
    actor_kind: str | None,
    actor_name: str,
) -> AuditEntry:
    return AuditEntry(
        **_actor_fields(actor, actor_kind, actor_name),
        verb=verb,
        # Served from ContentType's per-process cache after the first call.
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk) if obj.pk is not None else "",
        object_repr=str(obj)[:200],
        changes={field: [plain(old), plain(new)] for field, (old, new) in (changes or {}).items()},
        detail=plain(dict(detail or {})),
    )


# Entries waiting for the end of ``deferred()`` (None: written at once).
_waiting: ContextVar[list[tuple[AuditEntry, list[Place] | None, Model]] | None] = ContextVar(
    "audit_waiting", default=None
)


def record(
    *,
    actor: Any,
    verb: str,
    obj: Model,
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    detail: Mapping[str, Any] | None = None,
    places: Iterable[Place] | None = None,
    actor_kind: str | None = None,
    actor_name: str = "",
) -> AuditEntry:
    """Write that ``actor`` did ``verb`` (``audit.enums.Verb``) to ``obj``.

    ``changes`` maps a field to its old and new value; ``detail`` holds what else
    the action concerns (a door, a version number, a count of recipients).
    ``places`` default to where ``obj`` lives (``audit.places``); pass them to
    save the lookup. ``actor`` is a user, or None with ``actor_kind`` saying who
    acted (the attendee, a partner named by ``actor_name``, the system).
    Inside ``deferred()`` the entry is written when that ends.
    """
    entry = _entry(
        actor=actor,
        verb=verb,
        obj=obj,
        changes=changes,
        detail=detail,
        actor_kind=actor_kind,
        actor_name=actor_name,
    )
    waiting = _waiting.get()
    if waiting is not None:
        waiting.append((entry, None if places is None else list(places), obj))
        return entry
    entry.save()
    _write_places([entry], [places_of(obj) if places is None else list(places)])
    return entry


@contextmanager
def deferred() -> Iterator[None]:
    """Entries recorded inside are written together when it ends (two INSERTs, the places of
    those given none looked up in bulk), in the same transaction; none if it ends in an
    exception or with the transaction marked for rollback (an import's preview), as a
    rollback would leave none. For many changes in one transaction that is kept or rolled
    back whole (an import): an entry cannot be taken back when one change inside is undone
    alone, so the caller rolls everything back when one fails."""
    waiting: list[tuple[AuditEntry, list[Place] | None, Model]] = []
    token = _waiting.set(waiting)
    try:
        yield
    finally:
        _waiting.reset(token)
    if not waiting or transaction.get_rollback():
        return
    unknown = [index for index, (_entry, places, _obj) in enumerate(waiting) if places is None]
    looked_up = dict(zip(unknown, places_of_many([waiting[index][2] for index in unknown]), strict=True))
    entries = [entry for entry, _places, _obj in waiting]
    AuditEntry.objects.bulk_create(entries)
    _write_places(entries, [looked_up.get(index, places) for index, (_e, places, _o) in enumerate(waiting)])


def _write_places(entries: Sequence[AuditEntry], places: Sequence[Iterable[Place] | None]) -> None:
    AuditPlace.objects.bulk_create(
        AuditPlace(entry=entry, forum_id=p.forum_id, edition_id=p.edition_id, sub_forum_id=p.sub_forum_id)
        for entry, where in zip(entries, places, strict=True)
        for p in where or ()
    )


def record_many(
    *,
    actor: Any,
    verb: str,
    objects: Iterable[tuple[Model, Mapping[str, tuple[Any, Any] | list[Any]] | None, Iterable[Place]]],
    detail: Mapping[str, Any] | None = None,
    actor_kind: str | None = None,
    actor_name: str = "",
) -> int:
    """Many entries of one action at once (a batch of promotions): ``objects`` are
    (object, changes, places) triples. Two INSERTs whatever their number."""
    entries, places = [], []
    for obj, changes, where in objects:
        entries.append(
            _entry(
                actor=actor,
                verb=verb,
                obj=obj,
                changes=changes,
                detail=detail,
                actor_kind=actor_kind,
                actor_name=actor_name,
            )
        )
        places.append(list(where))
    if not entries:
        return 0
    AuditEntry.objects.bulk_create(entries)
    _write_places(entries, places)
    return len(entries)


def history(obj: Model) -> QuerySet[AuditEntry]:
    """The entries about ``obj``, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=str(obj.pk)
    )
