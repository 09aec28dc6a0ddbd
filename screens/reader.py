"""The screens' programme of the version an edition serves, held per process.

Per request: ``sessions.agenda_reader.resolve`` names the version (from the
cache, no SQL), and the rooms' programme of that version comes from this
process's memory; only the first request after a publication reads it from the
shared cache, or builds it from the stored snapshot (one query). A screen's
answer is then computed for the instant and hashed into its ETag, so an
unchanged screen costs no query and no rendering beyond a few dictionaries.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import orjson
from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import Http404

from forums.models import Edition
from screens.boards import build_index
from sessions import agenda_reader
from sessions.models import AgendaVersion

INDEX_TTL = 24 * 3600  # a version's programme never changes; just bound memory
# Names the programme's form in the shared cache: change it when ``build_index`` changes
# (2: rooms in the snapshot's order, the project's order of rooms).
INDEX_FORMAT = 2
_KEEP = 8  # programmes held per process (editions times versions in use)
_indexes: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()
_lock = threading.Lock()


def _cache() -> BaseCache:
    return caches["api" if "api" in settings.CACHES else "default"]


def index_key(slug: str, seed: str) -> str:
    return f"screens:index:{INDEX_FORMAT}:{slug}:{seed}"


def _snapshot_text(edition_id: int, number: int) -> str | None:
    """The published version's snapshot as JSON text (one query), parsed by orjson:
    several times faster than the JSON field's decoder. (Projecting it in PostgreSQL
    with jsonb functions to what a screen shows measured about three times slower.)"""
    return (
        AgendaVersion.objects.filter(edition_id=edition_id, number=number)
        .annotate(text=Cast("snapshot", TextField()))
        .values_list("text", flat=True)
        .first()
    )


def screen_index(slug: str) -> dict[str, Any]:
    """The rooms' programme of the version ``slug`` serves. Http404 for an
    unknown or non-public edition, and before the agenda is first published."""
    served = agenda_reader.resolve(slug)
    if served.live:
        raise Http404("The agenda of this edition is not published yet.")
    wanted = (slug, served.seed)
    with _lock:
        index = _indexes.get(wanted)
        if index is not None:
            _indexes.move_to_end(wanted)
            return index
    index = _cache().get(index_key(*wanted))
    if index is None:
        text = _snapshot_text(served.edition_id, served.version)
        if text is None:  # deleted since the version was cached
            raise Http404
        index = build_index(orjson.loads(text), version=served.version)
        _cache().set(index_key(*wanted), index, INDEX_TTL)  # before any answer is held in it
    with _lock:
        _indexes[wanted] = index
        while len(_indexes) > _KEEP:
            _indexes.popitem(last=False)
    return index


def clear() -> None:
    """Forget the programmes held by this process (tests, benchmarks)."""
    with _lock:
        _indexes.clear()


_ANSWERS_KEPT = 512  # boards held per programme: a lobby and every room, over a few moments


def answer(index: dict[str, Any], moment: Hashable, render: Callable[[], dict[str, Any]]) -> tuple[bytes, str]:
    """The JSON body and ETag of the board ``moment`` names, rendered once per
    process and programme: a screen asking again costs a dictionary lookup."""
    answers = index.setdefault("answers", {})  # added after the programme went to the shared cache
    found = answers.get(moment)
    if found is None:
        body = orjson.dumps(render())
        found = (body, f'"{hashlib.sha256(body).hexdigest()[:32]}"')
        if len(answers) >= _ANSWERS_KEPT:
            answers.clear()
        answers[moment] = found
    return found


def warm(edition_id: int) -> None:
    """After a publication commits: build the new version's programme into the
    shared cache, so no screen's first question pays for it. Nothing for an
    edition the public may not see."""
    slug = Edition.objects.filter(pk=edition_id).values_list("slug", flat=True).first()
    if slug:
        with contextlib.suppress(Http404):
            screen_index(slug)
