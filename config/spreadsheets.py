"""Writing tables people open in Excel: CSV (UTF-8 with a BOM) and .xlsx, cells made inert.

One rule for every export of the project (registrations, door lists, speakers,
and any other table a page offers as a file): a text cell that a spreadsheet
would read as a formula — it begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return — is written with a leading apostrophe (``inert``), so an
attendee who registers as ``=HYPERLINK("http://x","y")`` is a name, not a link,
in CSV and in .xlsx alike. Numbers stay numbers.

Both writers stream: CSV is yielded in chunks of rows, and .xlsx is written by
XlsxWriter in ``constant_memory`` mode (each row is flushed to a temporary file
as it is written), so memory does not grow with the number of rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import xlsxwriter

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset(FORMULA_PREFIXES)
UTF8_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
# Rows per chunk of a streamed CSV: few enough to start at once, enough to write fast.
CSV_CHUNK_ROWS = 500
# Excel's own limit on a sheet's name.
SHEET_NAME_MAX = 31


def inert(value: Any) -> Any:
    """The cell's value, with a text that a spreadsheet would evaluate turned into plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def as_typed(value: str) -> str:
    """An inert cell read back (a re-imported export): the text as it was typed."""
    if value.startswith("'") and value[1:2] in _FORMULA_CHARS:
        return value[1:]
    return value


def inert_row(row: Iterable[Any]) -> list[Any]:
    """``inert`` on every cell of a row (None as an empty cell), inlined: it runs on every cell of an export."""
    return ["" if v is None else "'" + v if isinstance(v, str) and v[:1] in _FORMULA_CHARS else v for v in row]


class _Line:
    """A file-like object whose ``write`` returns what it was given (csv.writer into a generator)."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The table as CSV for Excel: a BOM, the header, then the rows, in encoded chunks."""
    writer = csv.writer(_Line())
    yield (UTF8_BOM + writer.writerow([inert(h) for h in header])).encode()
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow(inert_row(row)))
        if len(chunk) >= CSV_CHUNK_ROWS:
            yield "".join(chunk).encode()
            chunk = []
    if chunk:
        yield "".join(chunk).encode()


def write_csv(out: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write the CSV to a binary file; the number of rows written."""
    count = 0

    def counted() -> Iterator[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in csv_chunks(header, counted()):
        out.write(chunk)
    return count


class XlsxWriter:
    """A workbook of one or more sheets, written row by row (``constant_memory``).

    ``target`` is a path or a binary file object; the workbook is complete once
    ``close()`` has run (use it as a context manager).
    """

    def __init__(self, target: str | IO[bytes]) -> None:
        self.workbook = xlsxwriter.Workbook(
            target,
            {
                "constant_memory": True,
                # Text stays text: never turned into formulas, links or numbers.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.bold = self.workbook.add_format({"bold": True})
        self.sheet_names: set[str] = set()

    def sheet(self, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int] = ()) -> int:
        """Add a sheet with a bold, frozen, filterable header; the number of rows written."""
        sheet = self.workbook.add_worksheet(self._unique_name(name))
        for col, width in enumerate(widths):
            sheet.set_column(col, col, width)
        for col, title in enumerate(header):
            sheet.write_string(0, col, str(inert(title)), self.bold)
        sheet.freeze_panes(1, 0)
        write_string, write_number = sheet.write_string, sheet.write_number
        row_number = 0
        for row_number, row in enumerate(rows, start=1):
            for col, value in enumerate(inert_row(row)):
                if value == "":
                    continue
                if isinstance(value, str):
                    write_string(row_number, col, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(row_number, col, value)
                elif isinstance(value, int | float):
                    write_number(row_number, col, value)
                else:
                    write_string(row_number, col, inert(str(value)))
        sheet.autofilter(0, 0, max(row_number, 1), max(len(header) - 1, 0))
        return row_number

    def _unique_name(self, name: str) -> str:
        # Excel refuses []:*?/\ in sheet names, names over 31 characters and duplicates.
        cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:SHEET_NAME_MAX] or "Sheet"
        candidate, n = cleaned, 2
        while candidate.lower() in self.sheet_names:
            suffix = f" ({n})"
            candidate, n = cleaned[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        self.sheet_names.add(candidate.lower())
        return candidate

    def close(self) -> None:
        self.workbook.close()

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], name: str = "Sheet", widths: Sequence[int] = ()
) -> bytes:
    """A one-sheet workbook in memory — for small tables (a template, a test, the speakers' lists)."""
    buffer = io.BytesIO()
    with XlsxWriter(buffer) as writer:
        writer.sheet(name, header, rows, widths)
    return buffer.getvalue()


def table_bytes(fmt: str, header: Sequence[str], rows: Iterable[Sequence[Any]], name: str = "Sheet") -> bytes:
    """A small table as a whole file, ``fmt`` being ``csv`` or ``xlsx`` (a key of ``CONTENT_TYPES``)."""
    if fmt == "csv":
        return b"".join(csv_chunks(header, rows))
    if fmt == "xlsx":
        return xlsx_bytes(header, rows, name)
    raise ValueError(f"Unknown table format: {fmt!r}")
