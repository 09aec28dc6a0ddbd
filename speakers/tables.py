"""The overview and the travel lists as tables (CSV or Excel via tablib), safe to open in a spreadsheet.

A cell that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be
read as a formula by Excel or LibreOffice; it is written with a leading apostrophe
(``config.spreadsheets.inert``, the project's one rule for it), so a name like
``=HYPERLINK(…)`` stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.spreadsheets import CONTENT_TYPES, inert
from forums.models import Edition
from speakers.models import TravelPlan
from speakers.overview import Row

__all__ = ["CONTENT_TYPES", "dataset", "export", "overview_table", "travel_table"]


def dataset(headers: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> tablib.Dataset:
    data = tablib.Dataset(headers=[str(h) for h in headers], title=title[:31])
    for row in rows:
        data.append([inert(cell) for cell in row])
    return data


def export(data: tablib.Dataset, fmt: str) -> bytes:
    """The table as bytes: CSV with a BOM (so Excel reads Chinese right), or xlsx."""
    if fmt == "csv":
        return ("\ufeff" + data.export("csv")).encode("utf-8")
    return data.export("xlsx")


def _local(value: dt.datetime | None, edition: Edition) -> str:
    return value.astimezone(edition.tz).strftime("%Y-%m-%d %H:%M") if value else ""


def overview_table(rows: list[Row], edition: Edition, *, with_travel: bool) -> tablib.Dataset:
    headers = [
        pgettext("person", "Name"),
        _("E-mail"),
        _("Affiliation"),
        _("Roles"),
        _("State"),
        _("Photo"),
        _("Biography (Chinese)"),
        _("Biography (English)"),
        _("Slides"),
        _("Travel details"),
        _("Missing"),
        _("Reason for declining"),
    ]
    if with_travel:
        headers += [
            _("Arrival"),
            _("Arrival station"),
            _("Arrival train or flight"),
            _("Departure"),
            _("Hotel nights"),
            _("Dietary needs"),
        ]

    def yes(flag: bool) -> str:
        return _("yes") if flag else _("no")

    def lines() -> Iterable[list[Any]]:
        for row in rows:
            speaker = row.speaker
            line = [
                row.name,
                row.email,
                speaker.affiliation if speaker else "",
                "; ".join(f"{r.get_role_display()}: {r.session.title}" for r in row.roles),
                row.state_label,
                yes(bool(speaker and speaker.photo)),
                yes(bool(speaker and (speaker.biography_zh_hans or "").strip())),
                yes(bool(speaker and (speaker.biography_en or "").strip())),
                yes(row.has_slides),
                yes(bool(row.travel and row.travel.is_complete)),
                ", ".join(row.missing_labels),
                " / ".join(row.decline_reasons),
            ]
            if with_travel:
                plan = row.travel
                line += [
                    _local(plan.arrival_at, edition) if plan else "",
                    plan.arrival_station if plan else "",
                    plan.arrival_number if plan else "",
                    _local(plan.departure_at, edition) if plan else "",
                    plan.hotel_nights if plan else "",
                    plan.dietary_needs if plan else "",
                ]
            yield line

    return dataset(headers, lines(), title=_("Speakers"))


def travel_table(plans: list[TravelPlan], edition: Edition) -> tablib.Dataset:
    headers = [
        pgettext("person", "Name"),
        _("E-mail"),
        _("Arrival"),
        _("Arrival station"),
        _("Arrival train or flight"),
        _("Pick-up"),
        _("Departure"),
        _("Departure station"),
        _("Departure train or flight"),
        _("Hotel from"),
        _("Hotel until"),
        _("Hotel nights"),
        _("Dietary needs"),
        _("Other needs"),
    ]
    lines = (
        [
            str(plan.speaker),
            plan.speaker.email,
            _local(plan.arrival_at, edition),
            plan.arrival_station,
            plan.arrival_number,
            _("yes") if plan.needs_pickup else _("no"),
            _local(plan.departure_at, edition),
            plan.departure_station,
            plan.departure_number,
            plan.hotel_check_in.isoformat() if plan.hotel_check_in else "",
            plan.hotel_check_out.isoformat() if plan.hotel_check_out else "",
            plan.hotel_nights,
            plan.dietary_needs,
            plan.notes,
        ]
        for plan in plans
    )
    return dataset(headers, lines, title=_("Travel"))
