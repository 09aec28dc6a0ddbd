"""Venue screens: a room's now and next, a lobby board of every room.

The pages are shells that draw from a small JSON endpoint and ask it again
every few seconds with If-None-Match: an unchanged screen answers 304 without
any SQL, a published change reaches the screen at its next question, and no
screen ever reloads the agenda.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET

from config.languages import LANGUAGE_CODES
from screens.boards import lobby_moment, render_lobby, render_room, room_moment
from screens.reader import answer, screen_index
from sessions.responses import if_none_match, not_modified

# Every screen asks again at its own interval; the answer must be checked each time.
CACHE_CONTROL = "no-cache"
REFRESH_SECONDS = 15
REFRESH_RANGE = (2, 300)


# What the screens' script writes, in every language (the screens are bilingual).
LABELS = {
    "now": pgettext_lazy("venue screen", "Now"),
    "next": pgettext_lazy("venue screen", "Next"),
    "later": pgettext_lazy("venue screen", "Later today"),
    "cancelled": pgettext_lazy("venue screen", "Cancelled"),
    "nothing_now": pgettext_lazy("venue screen", "Nothing on in this room right now"),
    "nothing_next": pgettext_lazy("venue screen", "No more sessions in this room"),
    "offline": pgettext_lazy("venue screen", "Reconnecting…"),
}


def _labels() -> str:
    labels: dict[str, dict[str, str]] = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for key, text in LABELS.items():
                labels.setdefault(key, {})[code] = str(text)
    return orjson.dumps(labels).decode()


def _languages() -> tuple[str, str]:
    """The visitor's language first, then the other one: both are shown."""
    primary = translation.get_language() or LANGUAGE_CODES[0]
    secondary = next((code for code in LANGUAGE_CODES if code != primary), primary)
    return primary, secondary


def _refresh(request: HttpRequest) -> int:
    """The page's polling interval: ``?refresh=<seconds>`` within bounds, else the default."""
    value = request.GET.get("refresh", "")
    if value.isdigit():
        return min(max(int(value), REFRESH_RANGE[0]), REFRESH_RANGE[1])
    return REFRESH_SECONDS


def _json(request: HttpRequest, answer: tuple[bytes, str]) -> HttpResponse:
    body, etag = answer
    if if_none_match(request, etag):
        return not_modified(etag, CACHE_CONTROL)
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _both(values: dict[str, str], primary: str, secondary: str) -> dict[str, str]:
    """A text in the visitor's language and, when it differs, in the other."""
    other = values.get(secondary, "")
    return {"primary": values.get(primary, ""), "secondary": other if other != values.get(primary) else ""}


def _page(
    request: HttpRequest, template: str, index: dict[str, Any], data_url: str, room: dict[str, Any] | None = None
) -> HttpResponse:
    primary, secondary = _languages()
    context = {
        "edition": index["edition"],
        "title": _both(index["edition"]["title"], primary, secondary),
        "primary": primary,
        "secondary": secondary,
        "labels": _labels(),
        "data_url": data_url,
        "refresh": _refresh(request),
        "rooms": [
            {"id": r["id"], "name": _both(r["name"], primary, secondary), "url": f"{r['id']}/"} for r in index["rooms"]
        ],
        "room": {"id": room["id"], "name": _both(room["name"], primary, secondary)} if room else None,
    }
    return render(request, template, context)


@require_GET
def lobby(request: HttpRequest, edition_slug: str) -> HttpResponse:
    index = screen_index(edition_slug)
    return _page(request, "screens/lobby.html", index, data_url=reverse("screens:lobby-data", args=[edition_slug]))


@require_GET
def lobby_data(request: HttpRequest, edition_slug: str) -> HttpResponse:
    index = screen_index(edition_slug)
    moment = lobby_moment(index, timezone.now())
    return _json(request, answer(index, moment, lambda: render_lobby(index, moment)))


def _room(index: dict[str, Any], room_id: int) -> dict[str, Any]:
    room = next((r for r in index["rooms"] if r["id"] == room_id), None)
    if room is None:
        raise Http404("No session of this agenda is in that room.")
    return room


@require_GET
def room(request: HttpRequest, edition_slug: str, room_id: int) -> HttpResponse:
    index = screen_index(edition_slug)
    return _page(
        request,
        "screens/room.html",
        index,
        data_url=reverse("screens:room-data", args=[edition_slug, room_id]),
        room=_room(index, room_id),
    )


@require_GET
def room_data(request: HttpRequest, edition_slug: str, room_id: int) -> HttpResponse:
    index = screen_index(edition_slug)
    moment = room_moment(index, room_id, timezone.now())
    if moment is None:
        raise Http404("No session of this agenda is in that room.")
    return _json(request, answer(index, moment, lambda: render_room(index, moment)))
