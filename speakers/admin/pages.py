"""The edition pages of the speakers' admin: the overview (filter, export, remind) and the travel lists.

Each answers 404 to a user who may not see the whole edition (forums.permissions):
the overview and travel lists to its team, exports to those who may export
personal data, the reminder to those who may write to people.
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

View = Callable[..., HttpResponse]


def _edition(model_admin: Any, request: HttpRequest, edition_id: int, capability: Can) -> Edition:
    edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
    if not model_admin.access(request).allows_place(capability, forum_id=edition.forum_id, edition_id=edition.pk):
        raise Http404
    return edition


def _context(model_admin: Any, request: HttpRequest, edition: Edition, title: str) -> dict[str, Any]:
    access = model_admin.access(request)
    place = {"forum_id": edition.forum_id, "edition_id": edition.pk}
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "edition": edition,
        "may_export": access.allows_place(Can.EXPORT, **place),
        "may_remind": access.allows_place(Can.SEND_MAIL, **place),
    }


def overview_view(model_admin: Any) -> View:
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, edition_id: int) -> HttpResponse:
        edition = _edition(model_admin, request, edition_id, Can.VIEW)
        rows = speaker_overview(edition)
        if request.method == "POST":  # the one-click reminder to everyone missing something
            edition = _edition(model_admin, request, edition_id, Can.SEND_MAIL)
            count = reminders.remind_missing(edition=edition, rows=rows, actor=request.user)
            model_admin.message_user(
                request, _("Reminder written to %(count)d speaker(s).") % {"count": count}, messages.SUCCESS
            )
            return HttpResponseRedirect(request.get_full_path())
        state, missing = request.GET.get("state", ""), request.GET.get("missing", "")
        state = state if state in STATE_ORDER else ""
        missing = missing if missing in {*MISSING_LABELS, "any"} else ""
        shown = filter_rows(rows, state=state, missing=missing)
        context = {
            **_context(model_admin, request, edition, _("Speakers of %(edition)s") % {"edition": edition}),
            "rows": shown,
            "total": len(rows),
            "counts": [(key, STATE_LABELS[key], sum(1 for r in rows if r.state == key)) for key in STATE_ORDER],
            "missing_count": sum(1 for r in rows if r.missing),
            "state": state,
            "missing": missing,
            "missing_choices": [(str(key), label) for key, label in MISSING_LABELS.items()],
            "query": request.GET.urlencode(),
        }
        return TemplateResponse(request, "admin/speakers/overview.html", context)

    return view


def _download(data: Any, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(tables.export(data, fmt), content_type=tables.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def overview_export_view(model_admin: Any) -> View:
    def view(request: HttpRequest, edition_id: int, fmt: str) -> HttpResponse:
        if fmt not in tables.CONTENT_TYPES:
            raise Http404
        edition = _edition(model_admin, request, edition_id, Can.EXPORT)
        rows = filter_rows(
            speaker_overview(edition), state=request.GET.get("state", ""), missing=request.GET.get("missing", "")
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
        edition = _edition(model_admin, request, edition_id, Can.VIEW)
        plans = selectors.travel_plans(edition)
        context = {
            **_context(
                model_admin, request, edition, _("Travel of the speakers of %(edition)s") % {"edition": edition}
            ),
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
        edition = _edition(model_admin, request, edition_id, Can.EXPORT)
        plans = selectors.travel_plans(edition)
        audit.record(
            actor=request.user,
            verb=Verb.EXPORTED,
            obj=edition,
            detail={"export": "travel", "format": fmt, "rows": len(plans)},
        )
        return _download(tables.travel_table(plans, edition), fmt, f"travel-{edition.slug}")

    return view
