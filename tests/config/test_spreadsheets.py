"""The project's one CSV/Excel writer (config.spreadsheets): what a person opening the file sees."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from config.spreadsheets import XLSX_TEXT_MAX, XlsxWorkbook, table_bytes, xlsx_bytes

HEADER = ["name", "nights", "note"]
ROWS = [
    ('=HYPERLINK("http://x","y")', 2, "+1"),
    ("王芳", None, "\tTab"),
    ("-3", 1.5, True),
]


def _sheet_rows(content: bytes, index: int = 0) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [[cell.value for cell in row] for row in workbook.worksheets[index].iter_rows()]


def test_both_formats_hold_the_same_inert_cells() -> None:
    text = table_bytes("csv", HEADER, ROWS).decode("utf-8")
    assert text.startswith("\ufeff")
    from_csv = list(csv.reader(io.StringIO(text[1:])))
    from_xlsx = _sheet_rows(table_bytes("xlsx", HEADER, ROWS))
    assert from_csv[0] == from_xlsx[0] == HEADER
    assert (
        [row[0] for row in from_csv[1:]]
        == [row[0] for row in from_xlsx[1:]]
        == [
            '\'=HYPERLINK("http://x","y")',
            "王芳",
            "'-3",
        ]
    )
    assert [row[2] for row in from_xlsx[1:]] == ["'+1", "'\tTab", True]
    # Numbers stay numbers in Excel; an empty cell is empty.
    assert [row[1] for row in from_xlsx[1:]] == [2, None, 1.5]


def test_a_sheet_has_a_bold_frozen_filterable_header_and_its_widths() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(HEADER, ROWS, name="Speakers", widths=[30, 8, 12])))
    sheet = workbook["Speakers"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C4"
    assert all(cell.font.b for cell in sheet[1])
    assert round(sheet.column_dimensions["A"].width) == 31  # Excel's width plus its padding


def test_an_empty_sheet_keeps_its_header_and_rows_are_counted() -> None:
    out = io.BytesIO()
    workbook = XlsxWorkbook(out)
    workbook.sheet("Morning", HEADER, iter(ROWS))
    workbook.sheet("Empty", HEADER, iter(()))
    workbook.sheet("Morning", HEADER, iter(ROWS[:1]))  # a second sheet of the same name
    assert workbook.close() == 4
    book = openpyxl.load_workbook(io.BytesIO(out.getvalue()))
    assert book.sheetnames == ["Morning", "Empty", "Morning (2)"]
    assert _sheet_rows(out.getvalue(), 1) == [HEADER]


def test_a_text_over_excels_limit_is_cut_there() -> None:
    long = "长" * (XLSX_TEXT_MAX + 10)
    astral = "𠈌" * XLSX_TEXT_MAX  # two UTF-16 units each: Excel counts those
    rows = _sheet_rows(xlsx_bytes(["text", "other"], [(long, astral)]))
    assert rows[1][0] == "长" * XLSX_TEXT_MAX
    assert rows[1][1] == "𠈌" * (XLSX_TEXT_MAX // 2)


def test_column_titles_must_differ() -> None:
    with pytest.raises(ValueError, match="column titles must differ"):
        xlsx_bytes(["name", "name"], [("a", "b")])
