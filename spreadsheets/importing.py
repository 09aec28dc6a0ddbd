"""Importing a file: preview (every row through the rules, nothing kept), then, on the
organiser's confirmation, the same again for real — a file is imported whole or not at all.
Importing the same file again changes nothing: rows are matched to what exists and only
differences are written (``spreadsheets.imports``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.enums import Verb
from audit.places import Place
from forums.permissions import Access
from spreadsheets.enums import ImportKind, ImportStatus
from spreadsheets.imports.base import Importer, Result, run
from spreadsheets.imports.reading import FileError, read_table
from spreadsheets.imports.registrations import RegistrationImporter
from spreadsheets.imports.sessions import SessionImporter
from spreadsheets.imports.speakers import SpeakerImporter
from spreadsheets.models import ImportBatch

IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.SPEAKERS: SpeakerImporter,
    ImportKind.SESSIONS: SessionImporter,
    ImportKind.REGISTRATIONS: RegistrationImporter,
}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class PreviewExpiredError(Exception):
    """The preview was not confirmed within the retention: its file is deleted (spreadsheets.retention)."""


def importer_for(batch: ImportBatch, access: Access) -> Importer:
    return IMPORTERS[batch.kind](edition=batch.edition, access=access, partner=batch.partner)


def columns(kind: str) -> list[Any]:
    return list(IMPORTERS[kind].columns)


def _run(batch: ImportBatch, access: Access, *, commit: bool) -> Result:
    batch.file.open("rb")
    try:
        content = batch.file.read()
    finally:
        batch.file.close()
    importer = importer_for(batch, access)
    table = read_table(content, batch.filename, importer.columns, LANGUAGE_CODES)
    result = run(importer, table.rows, commit=commit)
    summary = result.as_json()
    summary["ignored_columns"] = table.ignored_columns
    batch.summary = summary
    return result


def preview_import(*, batch: ImportBatch, access: Access) -> Result | None:
    """Check every row and keep the outcome on the batch; nothing else is written.
    None (with the reason in the summary) when the file cannot be read as a table."""
    try:
        result = _run(batch, access, commit=False)
    except FileError as error:
        batch.summary = {"file_error": str(error)}
        batch.save(update_fields=["summary"])
        return None
    batch.save(update_fields=["summary"])
    return result


def confirm_import(*, batch: ImportBatch, access: Access) -> Result | None:
    """Import the previewed file; if a row fails now (the data moved since), nothing is kept.
    Raises PreviewExpiredError when the file was deleted before the organiser confirmed."""
    with transaction.atomic():
        # Locked, so a double click imports once.
        batch = (
            ImportBatch.objects.select_for_update(of=("self",)).select_related("edition", "partner").get(pk=batch.pk)
        )
        if batch.status == ImportStatus.EXPIRED:
            raise PreviewExpiredError
        if batch.status != ImportStatus.PREVIEWED:
            return None
        try:
            result = _run(batch, access, commit=True)
        except FileNotFoundError as error:
            # Deleted by a purge that stopped before marking the batch; the next run marks it.
            raise PreviewExpiredError from error
        except FileError as error:
            batch.summary = {"file_error": str(error)}
            batch.save(update_fields=["summary"])
            return None
        if result.committed:
            batch.status, batch.imported_at = ImportStatus.IMPORTED, timezone.now()
            where = [Place(forum_id=batch.edition.forum_id, edition_id=batch.edition_id)] if batch.edition else []
            detail = {"what": batch.kind, "file": batch.filename, **result.counts}
            audit.record(actor=batch.user, verb=Verb.IMPORTED, obj=batch, detail=detail, places=where)
        batch.save(update_fields=["summary", "status", "imported_at"])
    return result
