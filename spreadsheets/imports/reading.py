"""Reading an uploaded CSV or Excel file into rows keyed by column."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _

from config.spreadsheets import as_typed

MAX_ROWS = 10_000
MAX_BYTES = 10_000_000
# Excel in Chinese saves "CSV" in GB18030 (GBK) unless told otherwise; UTF-8 (with or without BOM) first.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class FileError(Exception):
    """The file cannot be read as a table (said in the organiser's language)."""


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy, translated
    required: bool = False

    def names(self, languages: Sequence[str]) -> set[str]:
        names = {self.key.lower()}
        for language in languages:
            with translation.override(language):
                names.add(str(self.label).strip().lower())
        return names


@dataclass
class Table:
    """The rows of a file: (line number in the file, {column key: value})."""

    rows: list[tuple[int, dict[str, Any]]]
    ignored_columns: list[str]


def _cells(content: bytes, filename: str) -> list[list[Any]]:
    if len(content) > MAX_BYTES:
        raise FileError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 1_000_000})
    if filename.lower().endswith((".xlsx", ".xlsm")):
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
            raise FileError(_("This is not an Excel (.xlsx) file that can be read.")) from error
        sheet = workbook.worksheets[0]
        return [list(row) for _n, row in zip(range(MAX_ROWS + 2), sheet.iter_rows(values_only=True), strict=False)]
    if filename.lower().endswith(".csv"):
        for encoding in CSV_ENCODINGS:
            try:
                text = content.decode(encoding)
            except UnicodeDecodeError:
                continue
            return list(csv.reader(io.StringIO(text)))[: MAX_ROWS + 2]
        raise FileError(_("The CSV file is neither UTF-8 nor GB18030 text."))
    raise FileError(_("Please upload a .csv or .xlsx file."))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # An exported cell made inert (config.spreadsheets.inert) comes back as it was typed.
        return as_typed(value.strip())
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value
    return "" if value is None else str(value)


def read_table(content: bytes, filename: str, columns: Sequence[Column], languages: Sequence[str]) -> Table:
    """The file's rows by column key; a missing required column or too many rows is a FileError."""
    cells = _cells(content, filename)
    if not cells:
        raise FileError(_("The file is empty."))
    header = [str(_clean(h) or "").lstrip("'").rstrip("*").strip().lower() for h in cells[0]]
    lookup = {name: column.key for column in columns for name in column.names(languages)}
    keys = [lookup.get(name) for name in header]
    missing = [str(c.label) for c in columns if c.required and c.key not in keys]
    if missing:
        raise FileError(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    body = cells[1:]
    if len(body) > MAX_ROWS:
        raise FileError(_("The file has more than %(count)d rows; please split it.") % {"count": MAX_ROWS})
    rows = []
    for number, cells_of_row in enumerate(body, start=2):
        row = {key: _clean(value) for key, value in zip(keys, cells_of_row, strict=False) if key}
        if any(v not in ("", None) for v in row.values()):
            rows.append((number, row))
    ignored = [h for h, k in zip(header, keys, strict=True) if h and not k]
    return Table(rows=rows, ignored_columns=ignored)
