"""What every import does: each row through the rules, in a transaction rolled back for a preview.

An ``Importer`` reads the lookups it needs once (``prepare``) and applies one row
(``apply``) with the same service or form the admin uses, answering whether the
row is new, changed or already as in the file; a refusal is a ``RowError``,
a form's ``ValidationError`` or a service's ``RegistrationError``, shown against
the row's line in the organiser's language. ``run`` applies every row, each in a
savepoint (or, for an importer that refuses a row before writing anything, all of them in
its ``all_or_nothing`` block), and rolls the whole transaction back for a preview or when
any row failed: a file is imported whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from attendees.exceptions import RegistrationError
from forums.models import Edition, Organisation
from forums.permissions import Access
from spreadsheets.imports.reading import Column

NEW, CHANGED, UNCHANGED, FAILED = "new", "changed", "unchanged", "error"
SAMPLE_ROWS = 30
TIME_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S")


class RowError(Exception):
    """Why a row cannot be imported (already translated)."""


@dataclass
class Result:
    counts: dict[str, int]
    errors: list[tuple[int, str]]
    sample: list[tuple[int, str, str]]  # (line, what, outcome)
    committed: bool = False

    def as_json(self) -> dict[str, Any]:
        return {"counts": self.counts, "errors": self.errors, "sample": self.sample}


@dataclass
class Importer:
    edition: Edition
    access: Access
    partner: Organisation | None = None
    columns: Sequence[Column] = field(default=(), init=False)

    def prepare(self, rows: Sequence[dict[str, Any]]) -> None:
        """Read what every row needs, once."""

    def all_or_nothing(self) -> AbstractContextManager | None:
        """For an importer whose ``apply`` writes nothing for a row it refuses: the block its rows
        may run in together, without a savepoint each (``run``); None: a savepoint per row."""
        return None

    def apply(self, row: dict[str, Any]) -> str:
        """Import one row; NEW, CHANGED or UNCHANGED."""
        raise NotImplementedError

    def describe(self, row: dict[str, Any]) -> str:
        """The row as the preview names it."""
        raise NotImplementedError

    # --- helpers for the rows ------------------------------------------------------------------
    @staticmethod
    def text(row: dict[str, Any], key: str) -> str:
        value = row.get(key, "")
        return value if isinstance(value, str) else str(value or "")

    def moment(self, row: dict[str, Any], key: str, label: Any) -> dt.datetime:
        """A time in the edition's zone, from an Excel date cell or text like 2030-07-06 09:00."""
        value = row.get(key)
        if isinstance(value, dt.datetime):
            return value.replace(tzinfo=self.edition.tz) if value.tzinfo is None else value
        for fmt in TIME_FORMATS:
            try:
                return dt.datetime.strptime(str(value or ""), fmt).replace(tzinfo=self.edition.tz)
            except ValueError:
                continue
        raise RowError(
            _("%(column)s: “%(value)s” is not a time like 2030-07-06 09:00.") % {"column": label, "value": value or ""}
        )


def names_in_every_language(objects: Iterable[Any], *fields: str) -> dict[str, Any]:
    """``{name: object}`` for matching a cell to a row of the database: each of ``fields`` as
    stored (slugs, codes) and, for translated ones, in each language; lower-cased."""
    found: dict[str, Any] = {}
    for obj in objects:
        for name in fields:
            values = [getattr(obj, name, "")]
            values += [getattr(obj, f"{name}_{code.replace('-', '_')}", "") for code, _l in settings.LANGUAGES]
            for value in values:
                if value:
                    found.setdefault(str(value).strip().lower(), obj)
    return found


def choice_lookup(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """``{name: value}`` for a choice field: the stored value and its label in each language."""
    found = {}
    choices = list(choices)
    for code, _l in settings.LANGUAGES:
        with translation.override(code):
            found.update({str(label).strip().lower(): value for value, label in choices})
    found.update({str(value).lower(): value for value, _label in choices})
    return found


def form_error(form: Any) -> RowError:
    """A form's errors as one line: “field: message”."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts += [f"{label}: {error}" if label else str(error) for error in errors]
    return RowError("; ".join(parts))


def _messages(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {message}" if name != "__all__" else str(message)
                for name, messages in error.message_dict.items()
                for message in messages
            )
        return "; ".join(error.messages)
    if isinstance(error, RegistrationError):
        return str(error.message)
    return str(error)


class _UnusableError(Exception):
    """A database error in a pass without a savepoint per row: the transaction cannot go on."""


def _from_database(error: BaseException) -> bool:
    while error is not None:
        if isinstance(error, DatabaseError):
            return True
        error = error.__cause__
    return False


def run(importer: Importer, rows: Iterable[tuple[int, dict[str, Any]]], *, commit: bool) -> Result:
    """Apply every row; keep the changes only if ``commit`` and no row failed.

    An importer with an ``all_or_nothing`` block (its ``apply`` writes nothing for a row it
    refuses) runs every row in that block, without a savepoint per row: the file is kept or
    undone whole anyway. A database error in that pass (a guest registered meanwhile, a lock
    waited for too long) leaves the transaction unusable: it is rolled back and every row
    checked again, each in its own savepoint, so the preview still names every row's error.
    """
    rows = list(rows)
    whole = importer.all_or_nothing()
    if whole is not None:
        try:
            return _apply(importer, rows, commit=commit, whole=whole)
        except _UnusableError:
            pass  # ``prepare`` reads everything again
    return _apply(importer, rows, commit=commit, whole=None)


def _apply(
    importer: Importer, rows: list[tuple[int, dict[str, Any]]], *, commit: bool, whole: AbstractContextManager | None
) -> Result:
    counts: Counter[str] = Counter({NEW: 0, CHANGED: 0, UNCHANGED: 0, FAILED: 0})
    errors: list[tuple[int, str]] = []
    sample: list[tuple[int, str, str]] = []
    each_in_savepoint = whole is None
    with transaction.atomic(), whole or nullcontext():
        importer.prepare([row for _n, row in rows])
        for number, row in rows:
            try:
                with transaction.atomic() if each_in_savepoint else nullcontext():
                    outcome = importer.apply(row)
            except (RowError, ValidationError, RegistrationError, IntegrityError) as error:
                if not each_in_savepoint and _from_database(error):
                    raise _UnusableError from error
                outcome = FAILED
                if isinstance(error, IntegrityError):
                    errors.append((number, _("This row conflicts with data already saved (a duplicate?).")))
                else:
                    errors.append((number, _messages(error)))
            except DatabaseError as error:
                if each_in_savepoint:
                    raise
                raise _UnusableError from error
            counts[outcome] += 1
            if len(sample) < SAMPLE_ROWS:
                sample.append((number, importer.describe(row), outcome))
        committed = commit and not errors
        if not committed:
            # Before ``whole`` ends: what it would write at its end is then not written.
            transaction.set_rollback(True)
    return Result(counts=dict(counts), errors=errors, sample=sample, committed=committed)
