"""The edition pages of the speakers' admin: the overview (filter, export, remind) and the travel lists.

Each shows the part of the edition the user answers for (``speakers.scopes``): the whole
edition to its team, a sub-forum host its sub-forums' sessions' speakers and invitees.
A user with no part answers 404 (forums.permissions): the overview and travel lists to
those who may see, exports to those who may export personal data, the reminder to those
who may write to people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audit import services as audit
from audit.enums import Verb
from forums.models import Edition
from forums.permissions import Can
from speakers import reminders, selectors, tables
from speakers.overview import MISSING_LABELS, STATE_LABELS, STATE_ORDER, filter_rows, speaker_overview
from speakers.scopes import EditionPart, edition_part

View = Callable[..., HttpResponse]


def _part(model_admin: Any, request: HttpRequest, edition_id: int, capability: Can) -> EditionPart:
    """The part of the edition the user may do ``capability`` on, or 404."""
    edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
    part = edition_part(model_admin.access(request), edition, capability)
    if part is None:
        raise Http404
    return part


def _context(model_admin: Any, request: HttpRequest, part: EditionPart, title: str) -> dict[str, Any]:
    access = model_admin.access(request)
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "edition": part.edition,
        "whole_edition": part.whole,
        "may_export": edition_part(access, part.edition, Can.EXPORT) is not None,
        "may_remind": edition_part(access, part.edition, Can.SEND_MAIL) is not None,
    }


def overview_view(model_admin: Any) -> View:
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, edition_id: int) -> HttpResponse:
        part = _part(model_admin, request, edition_id, Can.VIEW)
        edition = part.edition
        if request.method == "POST":  # the one-click reminder to everyone missing something
            part = _part(model_admin, request, edition_id, Can.SEND_MAIL)
            rows = speaker_overview(edition, sessions=part.sessions)
            count = reminders.remind_missing(edition=edition, rows=rows, actor=request.user)
            model_admin.message_user(
                request, _("Reminder written to %(count)d speaker(s).") % {"count": count}, messages.SUCCESS
            )
            return HttpResponseRedirect(request.get_full_path())
        rows = speaker_overview(edition, sessions=part.sessions)
        state, missing = request.GET.get("state", ""), request.GET.get("missing", "")
        state = state if state in STATE_ORDER else ""
        missing = missing if missing in {*MISSING_LABELS, "any"} else ""
        shown = filter_rows(rows, state=state, missing=missing)
        context = {
            **_context(model_admin, request, part, _("Speakers of %(edition)s") % {"edition": edition}),
            "rows": shown,
            "total": len(rows),
            "counts": [(key, STATE_LABELS[key], sum(1 for r in rows if r.state == key)) for key in STATE_ORDER],
            "missing_count": sum(1 for r in rows if r.missing),
            "state": state,
            "missing": missing,
            "missing_choices": [(str(key), label) for key, label in MISSING_LABELS.items()],
            "query": request.GET.urlencode(),
            # Consent given on paper is recorded by who may edit the speakers' sessions (checked again there).
            "may_record_consent": edition_part(model_admin.access(request), edition, Can.EDIT) is not None,
        }
        return TemplateResponse(request, "admin/speakers/overview.html", context)

    return view


def _download(table: tables.SpeakerTable, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(table.export(fmt), content_type=tables.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def overview_export_view(model_admin: Any) -> View:
    def view(request: HttpRequest, edition_id: int, fmt: str) -> HttpResponse:
        if fmt not in tables.CONTENT_TYPES:
            raise Http404
        part = _part(model_admin, request, edition_id, Can.EXPORT)
        edition = part.edition
        rows = filter_rows(
            speaker_overview(edition, sessions=part.sessions),
            state=request.GET.get("state", ""),
            missing=request.GET.get("missing", ""),
        )
        data = tables.overview_table(rows, edition, with_travel=True)
        audit.record(
            actor=request.user,
            verb=Verb.EXPORTED,
            obj=edition,
            detail={"export": "speakers", "format": fmt, "rows": len(rows)},
        )
        return _download(data, fmt, f"speakers-{edition.slug}")

    return view


def travel_view(model_admin: Any) -> View:
    def view(request: HttpRequest, edition_id: int) -> HttpResponse:
        part = _part(model_admin, request, edition_id, Can.VIEW)
        edition = part.edition
        plans = selectors.travel_plans(edition, sessions=part.sessions)
        context = {
            **_context(model_admin, request, part, _("Travel of the speakers of %(edition)s") % {"edition": edition}),
            "arrivals": selectors.arrivals_by_day(plans, edition.tz),
            "hotel": [p for p in plans if p.hotel_check_in],
            "unknown": [p for p in plans if p.arrival_at is None],
            "overview_url": reverse("admin:speakers_overview", args=[edition.pk]),
        }
        return TemplateResponse(request, "admin/speakers/travel.html", context)

    return view


def travel_export_view(model_admin: Any) -> View:
    def view(request: HttpRequest, edition_id: int, fmt: str) -> HttpResponse:
        if fmt not in tables.CONTENT_TYPES:
            raise Http404
        part = _part(model_admin, request, edition_id, Can.EXPORT)
        edition = part.edition
        plans = selectors.travel_plans(edition, sessions=part.sessions)
        audit.record(
            actor=request.user,
            verb=Verb.EXPORTED,
            obj=edition,
            detail={"export": "travel", "format": fmt, "rows": len(plans)},
        )
        return _download(tables.travel_table(plans, edition), fmt, f"travel-{edition.slug}")

    return view
