"""The edition behind the registration form, kept per process and checked on every request.

Loading an edition with its sub-forums, rooms and registration types through
the ORM costs a few milliseconds of Python — more than the registration
itself — and a registration burst posts the same form thousands of times. So
each process keeps the loaded objects and, on every request, checks them with
one small query: the change stamps (``updated_at``) of the edition, its
registration types and sub-forums, and their places taken. Any saved change
(registration closed, a type edited, a sub-forum added or removed) changes the
stamps and the objects are loaded again; places taken are always read fresh.
What the stamps do not cover (a renamed room or venue) is picked up after
``MAX_AGE`` seconds.

Every caller gets its own copies, so nothing a request does leaks into another.
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from django.db import connection
from django.db.models import Model

from attendees.models import RegistrationType
from attendees.selectors import edition_for_page
from config.sql import server_bound_cursor
from forums.models import Edition, SubForum
from forums.selectors import PUBLIC_STATUSES

MAX_AGE = 60.0

M = TypeVar("M", bound=Model)

_EDITION, _TYPE, _SUB_FORUM = 0, 1, 2


@dataclass(frozen=True)
class RegistrationPage:
    edition: Edition
    sub_forums: list[SubForum]
    registration_types: list[RegistrationType]


@dataclass(frozen=True)
class _Entry:
    stamp: tuple
    loaded_at: float
    page: RegistrationPage


_entries: dict[str, _Entry] = {}


def clear() -> None:
    """Forget every cached edition (tests call this between cases)."""
    _entries.clear()


def registration_page(slug: str) -> RegistrationPage:
    """The public edition ``slug`` with its sub-forums (rooms included) and registration types.

    One query when this process has the edition already, four when it loads it.
    Raises Edition.DoesNotExist for an unknown or unpublished edition.
    """
    stamp, seats = _read_stamps(slug)
    entry = _entries.get(slug)
    if entry is None or entry.stamp != stamp or time.monotonic() - entry.loaded_at > MAX_AGE:
        edition = edition_for_page(slug=slug, with_organisers=False)
        page = RegistrationPage(edition, list(edition.sub_forums.all()), list(edition.registration_types.all()))
        entry = _Entry(stamp, time.monotonic(), page)
        _entries[slug] = entry
    page = entry.page
    return RegistrationPage(
        edition=_copy(page.edition),
        sub_forums=[_copy(sf, seats_taken=seats.get((_SUB_FORUM, sf.pk), sf.seats_taken)) for sf in page.sub_forums],
        registration_types=[
            _copy(rt, seats_taken=seats.get((_TYPE, rt.pk), rt.seats_taken)) for rt in page.registration_types
        ],
    )


def _read_stamps(slug: str) -> tuple[tuple, dict[tuple[int, int], int]]:
    with server_bound_cursor(connection) as cursor:  # prepared: it runs on every request
        cursor.execute(_stamp_sql(), [slug, *PUBLIC_STATUSES, slug, slug])
        rows = cursor.fetchall()
    if not any(kind == _EDITION for kind, *_rest in rows):
        raise Edition.DoesNotExist
    stamp = tuple(sorted((kind, pk, str(updated_at)) for kind, pk, updated_at, _seats in rows))
    seats = {(kind, pk): taken for kind, pk, _updated_at, taken in rows if kind != _EDITION}
    return stamp, seats


@cache
def _stamp_sql() -> str:
    quote = connection.ops.quote_name
    edition = quote(Edition._meta.db_table)
    types = quote(RegistrationType._meta.db_table)
    sub_forums = quote(SubForum._meta.db_table)
    statuses = ", ".join(["%s"] * len(PUBLIC_STATUSES))
    # Only quoted table names are interpolated; the slug and statuses are parameters.
    return f"""
        SELECT {_EDITION}, e.id, e.updated_at, 0 FROM {edition} e WHERE e.slug = %s AND e.status IN ({statuses})
        UNION ALL
        SELECT {_TYPE}, t.id, t.updated_at, t.seats_taken FROM {types} t
            JOIN {edition} e ON e.id = t.edition_id WHERE e.slug = %s
        UNION ALL
        SELECT {_SUB_FORUM}, s.id, s.updated_at, s.seats_taken FROM {sub_forums} s
            JOIN {edition} e ON e.id = s.edition_id WHERE e.slug = %s
    """  # noqa: S608


def _copy(obj: M, **changes: object) -> M:
    duplicate = copy.copy(obj)
    for name, value in changes.items():
        setattr(duplicate, name, value)
    return duplicate
