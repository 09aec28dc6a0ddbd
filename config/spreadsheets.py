"""Writing tables people open in Excel: CSV (UTF-8 with a BOM) and .xlsx, cells made inert.

One rule for every export of the project (registrations, door lists, speakers,
and any other table a page offers as a file): a text cell that a spreadsheet
would read as a formula — it begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return — is written with a leading apostrophe (``inert``), so an
attendee who registers as ``=HYPERLINK("http://x","y")`` is a name, not a link,
in CSV and in .xlsx alike. Numbers stay numbers.

Both writers stream: CSV is yielded in chunks of rows, and .xlsx is written by
rust_xlsxwriter in constant-memory mode (``XlsxWorkbook``), so memory does not grow
with the number of rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import rustpy_xlsxwriter

# What makes a spreadsheet read a cell as a formula (OWASP, "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset(FORMULA_PREFIXES)
UTF8_BOM = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}
# Rows per chunk of a streamed CSV: few enough to start at once, enough to write fast.
CSV_CHUNK_ROWS = 500
# Excel's own limits: a sheet's name, a cell's text (in UTF-16 units).
SHEET_NAME_MAX = 31
XLSX_TEXT_MAX = 32_767


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


class XlsxWorkbook:
    """A workbook of one or more sheets, each with a bold, frozen, filterable header row.

    ``sheet()`` names a sheet and its rows (any iterable, read once); ``close()`` writes the
    file — the sheets in the order they were named, each sheet's rows read then — and
    returns how many rows it wrote. Use it as a context manager. ``target`` is a path or a
    writable binary file.

    The engine is rust_xlsxwriter (``rustpy_xlsxwriter``): rows stream through it
    (constant memory) at a few hundred nanoseconds a cell, where XlsxWriter's pure-Python
    writer spent four microseconds. Cells follow the project's rule (``inert_row``);
    text stays text, numbers and booleans stay what they are, and a text over Excel's
    limit of 32,767 characters is cut there.
    """

    def __init__(self, target: str | IO[bytes]) -> None:
        self.target = target
        self.entries: list[tuple[str, Iterator[dict[str, Any]]]] = []
        self.widths: dict[str, list[float]] = {}
        self.sheet_names: set[str] = set()
        self.rows_written = 0

    def sheet(
        self, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int] = ()
    ) -> None:
        """Add a sheet of ``header`` and ``rows``, written by ``close()``."""
        keys = [str(inert(title)) for title in header]
        if len(set(keys)) != len(keys):
            raise ValueError(f"A sheet's column titles must differ: {keys}")
        name = self._unique_name(name)
        self.entries.append((name, self._records(keys, rows)))
        if widths:
            self.widths[name] = [float(width) for width in widths]

    def _records(self, keys: list[str], rows: Iterable[Sequence[Any]]) -> Iterator[dict[str, Any]]:
        written = 0
        for row in rows:
            yield dict(zip(keys, [_cell(value) for value in inert_row(row)], strict=True))
            written += 1
        self.rows_written += written
        if not written:
            # An empty record writes the header alone (the engine takes the titles from the first record).
            yield dict.fromkeys(keys)

    def _unique_name(self, name: str) -> str:
        # Excel refuses []:*?/\ in sheet names, names over 31 characters and duplicates.
        cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'")[:SHEET_NAME_MAX] or "Sheet"
        candidate, n = cleaned, 2
        while candidate.lower() in self.sheet_names:
            suffix = f" ({n})"
            candidate, n = cleaned[: SHEET_NAME_MAX - len(suffix)] + suffix, n + 1
        self.sheet_names.add(candidate.lower())
        return candidate

    def close(self) -> int:
        """Write the workbook; the number of rows written (headers not counted)."""
        rustpy_xlsxwriter.write_worksheets(
            self.entries,
            self.target,
            freeze_panes={"general": {"row": 1, "col": 0}},
            bold_headers=True,
            autofilter={"general": True},
            column_widths=dict(self.widths) or None,
        )
        self.entries = []
        return self.rows_written

    def __enter__(self) -> XlsxWorkbook:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()


def _cell(value: Any) -> Any:
    """A value as the engine takes it: text (cut at Excel's limit), a number, a boolean, or empty."""
    if isinstance(value, str):
        if len(value) > XLSX_TEXT_MAX // 2 and len(value.encode("utf-16-le")) > 2 * XLSX_TEXT_MAX:
            return _cut(value)
        return value or None
    if isinstance(value, bool | int | float):
        return value
    return inert(str(value))


def _cut(value: str) -> str:
    """``value`` cut to Excel's limit, counted in UTF-16 units as Excel counts (never halving a pair)."""
    units = value.encode("utf-16-le")[: 2 * XLSX_TEXT_MAX]
    return units.decode("utf-16-le", errors="ignore")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Any]], name: str = "Sheet", widths: Sequence[int] = ()
) -> bytes:
    """A one-sheet workbook in memory — for small tables (a template, a test, the speakers' lists)."""
    buffer = io.BytesIO()
    with XlsxWorkbook(buffer) as workbook:
        workbook.sheet(name, header, rows, widths)
    return buffer.getvalue()


def table_bytes(fmt: str, header: Sequence[str], rows: Iterable[Sequence[Any]], name: str = "Sheet") -> bytes:
    """A small table as a whole file, ``fmt`` being ``csv`` or ``xlsx`` (a key of ``CONTENT_TYPES``)."""
    if fmt == "csv":
        return b"".join(csv_chunks(header, rows))
    if fmt == "xlsx":
        return xlsx_bytes(header, rows, name)
    raise ValueError(f"Unknown table format: {fmt!r}")
