"""The organisers' timetable: the grid page (and its print view) and the move its script posts.

Every move goes through ``sessions.services.move_session``, the rules of the
session's own page; who may move what is ``forums.permissions``' answer.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import ModelAdmin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Edition
from forums.permissions import Can, access_for
from forums.timespans import format_span
from sessions.models import Session
from sessions.services import move_session
from workspace.timetable.data import (
    DRAFT,
    PUBLISHED,
    SESSION_SCOPE,
    may_see_timetable,
    read_timetable,
    visible_sessions,
)
from workspace.timetable.forms import MoveForm
from workspace.timetable.grid import SLOT_MINUTES, SPANNING_KINDS
from workspace.timetable.html import day_html

PAPERS = {"a4": "A4", "a3": "A3"}


def timetable_edition(request: HttpRequest, object_id: int) -> Edition:
    """The edition, if this user may see its timetable (else 404, so nothing leaks)."""
    edition = Edition.objects.select_related("forum", "venue").filter(pk=object_id).first()
    if edition is None or not may_see_timetable(access_for(request), edition):
        raise Http404
    return edition


def timetable_view(model_admin: ModelAdmin, request: HttpRequest, object_id: int) -> HttpResponse:
    edition = timetable_edition(request, object_id)
    access = access_for(request)
    view = PUBLISHED if request.GET.get("view") == PUBLISHED else DRAFT
    paper = request.GET.get("print", "")
    timetable = read_timetable(access=access, edition=edition, view=view)
    for index, day in enumerate(timetable.grid.days):
        day.html = day_html(day, timetable.grid, hidden=index > 0 and paper not in PAPERS)
    may_read_edition = access.allows_place(Can.VIEW, forum_id=edition.forum_id, edition_id=edition.pk)
    context: dict[str, Any] = {
        **model_admin.admin_site.each_context(request),
        "title": _("Timetable: %(edition)s") % {"edition": edition},
        "opts": model_admin.opts,
        "original": edition,
        "edition": edition,
        "timetable": timetable,
        "grid": timetable.grid,
        "slot_minutes": SLOT_MINUTES,
        "room_ids": ",".join(str(room.pk) for room in timetable.grid.rooms),
        "may_publish": access.allows_place(Can.PUBLISH, forum_id=edition.forum_id, edition_id=edition.pk),
        "may_read_edition": may_read_edition,
        "has_view_permission": may_read_edition,
    }
    if paper in PAPERS:
        context["paper"] = paper
        context["paper_name"] = PAPERS[paper]
        return TemplateResponse(request, "admin/forums/edition/timetable_print.html", context)
    return TemplateResponse(request, "admin/forums/edition/timetable.html", context)


def placement(session: Session) -> dict[str, Any]:
    """Where a session now sits, in the numbers the script places blocks by."""
    tz = session.edition.tz
    start, end = timezone.localtime(session.start, tz), timezone.localtime(session.end, tz)
    end_minute = end.hour * 60 + end.minute if end.date() == start.date() else 24 * 60
    return {
        "id": session.pk,
        "date": start.date().isoformat(),
        "start": start.hour * 60 + start.minute,
        "end": end_minute,
        "room": session.room_id,
        "spanning": session.room_id is None and (session.sub_forum_id is None or session.kind in SPANNING_KINDS),
        "span": format_span(session.start, session.end, tz),
    }


def move_view(model_admin: ModelAdmin, request: HttpRequest, object_id: int) -> JsonResponse:
    """Move one session (drag, resize or keys): 200 with its new place, 409 naming the rule it
    would break (nothing saved), 400 for a malformed move, 403/404 for a session not the user's."""
    if request.method != "POST":
        return JsonResponse({"message": _("Moves are posted.")}, status=405, headers={"Allow": "POST"})
    edition = timetable_edition(request, object_id)
    access = access_for(request)
    form = MoveForm(request.POST, sessions=visible_sessions(access, edition))
    with timezone.override(edition.tz):
        valid = form.is_valid()
    if not valid:
        if "session" in form.errors:
            return JsonResponse({"message": _("This session is not in this timetable.")}, status=404)
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        message = " ".join(message for messages in errors.values() for message in messages)
        return JsonResponse({"message": message, "errors": errors}, status=400)
    session = form.cleaned_data["session"]
    if not access.allows(Can.EDIT, session, SESSION_SCOPE):
        return JsonResponse({"message": _("You may read this timetable but not move this session.")}, status=403)
    room = form.cleaned_data["room"]
    try:
        moved = move_session(session=session, start=form.cleaned_data["start"], end=form.cleaned_data["end"], room=room)
    except ValidationError as error:
        errors = {field: [str(m) for m in messages] for field, messages in error.message_dict.items()}
        message = " ".join(message for messages in errors.values() for message in messages)
        return JsonResponse({"message": message, "errors": errors}, status=409)
    where = placement(moved)
    return JsonResponse(
        {
            "message": _("Saved: “%(title)s”, %(span)s, %(room)s.")
            % {"title": moved.title, "span": where["span"], "room": room.name if room else _("no room")},
            "session": where,
        }
    )


def timetable_urls(model_admin: ModelAdmin) -> list:
    """The timetable's URLs, under the edition admin's."""
    site = model_admin.admin_site
    return [
        path(
            "<int:object_id>/timetable/",
            site.admin_view(lambda request, object_id: timetable_view(model_admin, request, object_id)),
            name="forums_edition_timetable",
        ),
        path(
            "<int:object_id>/timetable/move/",
            site.admin_view(lambda request, object_id: move_view(model_admin, request, object_id)),
            name="forums_edition_timetable_move",
        ),
    ]


def timetable_url(edition: Edition) -> str:
    return reverse("admin:forums_edition_timetable", args=[edition.pk])
