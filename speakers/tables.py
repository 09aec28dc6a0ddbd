"""The overview and the travel lists as tables, written as CSV or Excel by the project's one
writer (``config.spreadsheets``), safe to open in a spreadsheet.

The writer applies the project's one rule for cells: one that begins with ``=``, ``+``,
``-``, ``@`` (or a tab or carriage return) would be read as a formula by Excel or
LibreOffice, so it is written with a leading apostrophe (``config.spreadsheets.inert``),
and a name like ``=HYPERLINK(…)`` stays text. CSV is UTF-8 with a BOM, so Excel reads
Chinese right.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.spreadsheets import CONTENT_TYPES, table_bytes
from forums.models import Edition
from speakers.models import TravelPlan
from speakers.overview import Row

__all__ = ["CONTENT_TYPES", "SpeakerTable", "overview_table", "travel_table"]


@dataclass(frozen=True)
class SpeakerTable:
    """A header and its rows (a few hundred at most: written whole, in memory)."""

    title: str
    header: Sequence[str]
    rows: list[Sequence[Any]]

    def export(self, fmt: str) -> bytes:
        """The table as a file of ``fmt`` (``csv`` or ``xlsx``, the keys of ``CONTENT_TYPES``)."""
        return table_bytes(fmt, self.header, self.rows, name=self.title)


def _local(value: dt.datetime | None, edition: Edition) -> str:
    return value.astimezone(edition.tz).strftime("%Y-%m-%d %H:%M") if value else ""


def overview_table(rows: list[Row], edition: Edition, *, with_travel: bool) -> SpeakerTable:
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

    def line(row: Row) -> list[Any]:
        speaker, plan = row.speaker, row.travel
        cells = [
            row.name,
            row.email,
            speaker.affiliation if speaker else "",
            "; ".join(f"{r.get_role_display()}: {r.session.title}" for r in row.roles),
            row.state_label,
            yes(bool(speaker and speaker.photo)),
            yes(bool(speaker and (speaker.biography_zh_hans or "").strip())),
            yes(bool(speaker and (speaker.biography_en or "").strip())),
            yes(row.has_slides),
            yes(bool(plan and plan.is_complete)),
            ", ".join(row.missing_labels),
            " / ".join(row.decline_reasons),
        ]
        if with_travel:
            cells += [
                _local(plan.arrival_at, edition) if plan else "",
                plan.arrival_station if plan else "",
                plan.arrival_number if plan else "",
                _local(plan.departure_at, edition) if plan else "",
                plan.hotel_nights if plan else "",
                plan.dietary_needs if plan else "",
            ]
        return cells

    return SpeakerTable(title=_("Speakers"), header=headers, rows=[line(row) for row in rows])


def travel_table(plans: list[TravelPlan], edition: Edition) -> SpeakerTable:
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
    lines = [
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
    ]
    return SpeakerTable(title=_("Travel"), header=headers, rows=lines)
