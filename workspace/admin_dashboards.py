"""The dashboards of the organiser admin: an edition's (``<id>/dashboard/`` on the
edition admin, with its check-ins refreshed every half minute) and a series' editions
side by side (``<id>/dashboard/`` on the forum admin).

Who sees them: whoever may read the whole edition (or, for a series, the whole
forum) — owners, organisers, the registration desk and viewers, for the editions
their membership covers. A sub-forum host reads only its sub-forums' sessions and
attendees, not an edition's totals: the dashboards answer it 404, as the edition's
own page does.

The numbers are drawn with Apache ECharts (``static/vendor/echarts``, no CDN) by
``agora/dashboard.js`` from data the page carries as JSON (``json_script``: no
inline script), every label in the visitor's language; each chart has its table
beside it, which screen readers read and printers print.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from attendees.enums import RegistrationStatus
from forums.models import Edition
from forums.permissions import Can, access_for
from outbox.enums import OutboxStatus, SuppressionReason
from workspace.dashboard.checkins import CheckIns, check_ins
from workspace.dashboard.edition import DayCount, EditionFigures, Places, edition_figures
from workspace.dashboard.series import SeriesFigures, series_figures

REFRESH_SECONDS = 30


def page_context(admin_site: Any, request: HttpRequest) -> dict[str, Any]:
    """The admin's context for every page, less the list of every model (the sidebar
    is off here: the charts want the width, and the list costs queries per model)."""
    return {
        "site_title": admin_site.site_title,
        "site_header": admin_site.site_header,
        "site_url": admin_site.site_url,
        "has_permission": admin_site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
    }


def status_label(status: str) -> str:
    try:
        return str(RegistrationStatus(status).label)
    except ValueError:
        return status


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


# --- chart data ------------------------------------------------------------------------------------
def _cumulative(days: Iterable[DayCount], axis: list[int]) -> dict[str, list[int]]:
    """Running totals per status over ``axis`` (days before the opening, first day first)."""
    new: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for day in days:
        new[day.status][day.days_before] += day.count
    series = {}
    for status in RegistrationStatus.values:
        if status not in new:
            continue
        total, points = 0, []
        for day in axis:
            total += new[status][day]
            points.append(total)
        series[status] = points
    return series


def timeline_chart(figures: EditionFigures) -> dict[str, Any]:
    axis = sorted({d.days_before for d in (*figures.timeline, *figures.previous_timeline)}, reverse=True)
    series = [
        {"name": status_label(status), "points": list(zip(axis, points, strict=True))}
        for status, points in _cumulative(figures.timeline, axis).items()
    ]
    previous = None
    if figures.previous_timeline:
        totals = [sum(points) for points in zip(*_cumulative(figures.previous_timeline, axis).values(), strict=True)]
        previous = {
            "name": _("Previous edition (%(year)s), all statuses") % {"year": figures.previous_year},
            "points": list(zip(axis, totals, strict=True)),
        }
    return {
        "kind": "timeline",
        "xName": pgettext("dashboard", "days before the opening"),
        "yName": pgettext("dashboard", "registrations"),
        "series": series,
        "previous": previous,
    }


def timeline_table(figures: EditionFigures) -> list[dict[str, Any]]:
    """A row per week before the opening in which anyone registered, with running totals."""
    weeks: dict[int, int] = defaultdict(int)
    previous: dict[int, int] = defaultdict(int)
    for day in figures.timeline:
        weeks[day.days_before // 7] += day.count
    for day in figures.previous_timeline:
        previous[day.days_before // 7] += day.count
    rows, total, previous_total = [], 0, 0
    for week in sorted({*weeks, *previous}, reverse=True):
        total += weeks[week]
        previous_total += previous[week]
        rows.append(
            {
                "days": _week_label(week),
                "new": weeks[week],
                "total": total,
                "previous_total": previous_total,
            }
        )
    return rows


def _week_label(week: int) -> str:
    """The days a week row covers: before the opening, or after it."""
    first, last = week * 7, week * 7 + 6
    if first >= 0:
        return f"{first}\u2013{last}"
    return pgettext("dashboard", "%(first)s to %(last)s days after") % {"first": -last, "last": -first}


def places_chart(places: list[Places]) -> dict[str, Any]:
    return {
        "kind": "places",
        "categories": [place.label for place in places],
        "series": [
            {"name": pgettext("dashboard", "admitted"), "values": [place.admitted for place in places]},
            {"name": pgettext("dashboard", "held, not admitted yet"), "values": [place.held for place in places]},
            {"name": pgettext("dashboard", "waiting"), "values": [place.waiting for place in places]},
        ],
        "capacity": {"name": pgettext("dashboard", "capacity"), "values": [place.capacity for place in places]},
    }


def pie_chart(items: Iterable[tuple[str, int]]) -> dict[str, Any]:
    return {"kind": "pie", "items": [{"name": name, "value": value} for name, value in items]}


def bars_chart(items: Iterable[tuple[str, int]], name: str) -> dict[str, Any]:
    items = list(items)
    return {"kind": "bars", "name": name, "categories": [n for n, _v in items], "values": [v for _n, v in items]}


def language_name(code: str) -> str:
    return dict(settings.LANGUAGES).get(code, code)


def check_in_chart(figures: CheckIns) -> dict[str, Any]:
    hours = ((f"{hour:%m-%d %H:00}", count) for hour, count in figures.hours)
    return {**bars_chart(hours, pgettext("dashboard", "check-ins")), "kind": "columns"}


def edition_charts(figures: EditionFigures) -> dict[str, Any]:
    return {
        "chart-timeline": timeline_chart(figures),
        "chart-types": places_chart(figures.types),
        "chart-sub-forums": places_chart(figures.sub_forums),
        "chart-organisations": bars_chart(figures.organisations, pgettext("dashboard", "registrations")),
        "chart-languages": pie_chart((language_name(code), n) for code, n in figures.languages),
        "chart-mail": pie_chart((str(OutboxStatus(status).label), n) for status, n in figures.mail.items()),
    }


def chart_locale() -> str:
    """ECharts' own words (its toolbox, “no data”) in the visitor's language."""
    return "ZH" if (translation.get_language() or "").startswith("zh") else "EN"


def may_check_in(request: HttpRequest, edition: Edition) -> bool:
    return access_for(request).allows_place(Can.CHECK_IN, forum_id=edition.forum_id, edition_id=edition.pk)


# --- pages --------------------------------------------------------------------------------------
class EditionDashboardMixin:
    """The edition's dashboard and its check-in figures, on the edition admin."""

    def get_urls(self) -> list:
        return [
            path(
                "<int:object_id>/dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="forums_edition_dashboard",
            ),
            path(
                "<int:object_id>/dashboard/check-ins/",
                self.admin_site.admin_view(self.dashboard_check_ins_view),
                name="forums_edition_dashboard_check_ins",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        # The edition page links its check-in page for those who may check people in.
        edition = kwargs.get("obj")
        context["may_check_in"] = edition is not None and may_check_in(request, edition)
        return super().render_change_form(request, context, *args, **kwargs)

    def _dashboard_edition(self, request: HttpRequest, object_id: int) -> Edition:
        # get_queryset holds the rule: the rows this user may read (a host reads no edition whole).
        edition = self.get_queryset(request).select_related("forum").filter(pk=object_id).first()
        if edition is None:
            raise Http404
        return edition

    def dashboard_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        edition = self._dashboard_edition(request, object_id)
        figures = edition_figures(edition)
        statuses = [
            (status_label(status), figures.statuses[status])
            for status in RegistrationStatus.values
            if figures.statuses.get(status)
        ]
        context = {
            **page_context(self.admin_site, request),
            "title": _("Dashboard: %(edition)s") % {"edition": edition},
            "opts": self.opts,
            "edition": edition,
            "forum": edition.forum,
            "figures": figures,
            "statuses": statuses,
            "confirmation_rate": _percent(figures.confirmation_rate),
            "timeline_rows": timeline_table(figures),
            "languages": [(language_name(code), n) for code, n in figures.languages],
            "mail": [(OutboxStatus(status).label, n) for status, n in figures.mail.items()],
            "suppressed": [(SuppressionReason(reason).label, n) for reason, n in figures.suppressed.items()],
            "charts": {**edition_charts(figures), "chart-check-ins": check_in_chart(figures.check_ins)},
            "chart_locale": chart_locale(),
            "check_ins": figures.check_ins,
            "may_check_in": may_check_in(request, edition),
            "check_in_rate": _percent(figures.check_ins.rate),
            "refresh_seconds": REFRESH_SECONDS,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/forums/edition/dashboard.html", context)

    def dashboard_check_ins_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The check-in part of the dashboard alone, which the page fetches again and again."""
        edition = self._dashboard_edition(request, object_id)
        figures = check_ins(edition)
        context = {
            "edition": edition,
            "check_ins": figures,
            "check_in_rate": _percent(figures.rate),
            "check_in_chart": check_in_chart(figures),
            "now": timezone.now(),
        }
        # The admin's views are never cached (admin_view): each round shows the latest.
        return TemplateResponse(request, "admin/forums/edition/dashboard_check_ins.html", context)


class ForumDashboardMixin:
    """A series' editions side by side, on the forum admin."""

    def get_urls(self) -> list:
        return [
            path(
                "<int:object_id>/dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="forums_forum_dashboard",
            ),
            *super().get_urls(),
        ]

    def dashboard_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        forum = self.get_queryset(request).filter(pk=object_id).first()
        if forum is None:
            raise Http404
        figures = series_figures(forum)
        context = {
            **page_context(self.admin_site, request),
            "title": _("Dashboard: %(forum)s") % {"forum": forum},
            "opts": self.opts,
            "forum": forum,
            "figures": figures,
            "charts": series_charts(figures),
            "chart_locale": chart_locale(),
        }
        return TemplateResponse(request, "admin/forums/forum/dashboard.html", context)


def series_charts(figures: SeriesFigures) -> dict[str, Any]:
    labels = [row.label for row in figures.editions]
    return {
        "chart-series-registrations": {
            "kind": "grouped",
            "categories": labels,
            "series": [
                {
                    "name": pgettext("dashboard", "registrations"),
                    "values": [row.registrations for row in figures.editions],
                },
                {"name": pgettext("dashboard", "admitted"), "values": [row.admitted for row in figures.editions]},
                {"name": pgettext("dashboard", "checked in"), "values": [row.checked_in for row in figures.editions]},
                {
                    "name": pgettext("dashboard", "returning attendees"),
                    "values": [row.returning_attendees for row in figures.editions],
                },
            ],
        },
        "chart-series-rates": {
            "kind": "rates",
            "categories": labels,
            "series": [
                {
                    "name": pgettext("dashboard", "confirmation rate"),
                    "values": [_ratio(row.confirmation_rate) for row in figures.editions],
                },
                {
                    "name": pgettext("dashboard", "check-in rate"),
                    "values": [_ratio(row.check_in_rate) for row in figures.editions],
                },
                {
                    "name": pgettext("dashboard", "sub-forum fill"),
                    "values": [_ratio(row.sub_forum_fill) for row in figures.editions],
                },
            ],
        },
    }


def _ratio(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)
