"""An uploaded import file (personal data) is deleted SPREADSHEETS_EXPORT_RETENTION_HOURS after
its upload by the hourly purge, whether it was imported or the preview abandoned; an expired
preview can no longer be confirmed and says so politely. The clock is frozen with time-machine."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from attendees.models import Registration
from spreadsheets import tasks
from spreadsheets.enums import ImportStatus
from spreadsheets.models import ImportBatch
from tests.factories import EditionFactory, RegistrationTypeFactory
from tests.spreadsheets.test_imports import GUESTS, csv_file, upload

pytestmark = pytest.mark.django_db

# Near the real clock: the test client's admin session (two weeks) must still be valid.
UPLOADED = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
ROWS = [GUESTS, ["王芳", "wang@example.org", "Delegate", "", "", ""]]
NOTHING = {"jobs": 0, "imports": 0, "orphans": 0}


@pytest.fixture
def previewed(admin_client, settings) -> ImportBatch:
    settings.SPREADSHEETS_EXPORT_RETENTION_HOURS = 72
    edition = EditionFactory()
    RegistrationTypeFactory(edition=edition, slug="delegate", name_en="Delegate", waitlist_enabled=False)
    with time_machine.travel(UPLOADED, tick=False):
        batch, page = upload(admin_client, "registrations", csv_file(ROWS), edition=edition.pk)
    assert "王芳" in page
    assert storages["spreadsheets"].exists(batch.file.name)
    return batch


def _confirm(client, batch: ImportBatch, language: str) -> str:
    url = reverse("admin:spreadsheets_importbatch_confirm", args=[batch.pk])
    return client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_an_abandoned_preview_is_deleted_after_the_retention_and_cannot_be_confirmed(admin_client, previewed) -> None:
    name = previewed.file.name
    with time_machine.travel(UPLOADED + dt.timedelta(hours=71), tick=False):
        assert tasks.purge_exports() == NOTHING
    assert storages["spreadsheets"].exists(name)
    with time_machine.travel(UPLOADED + dt.timedelta(hours=72, minutes=1), tick=False):
        assert tasks.purge_exports() == {"jobs": 0, "imports": 1, "orphans": 0}
        assert tasks.purge_exports() == NOTHING  # nothing twice
    assert not storages["spreadsheets"].exists(name)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.file.name, batch.expired_at) == (
        ImportStatus.EXPIRED,
        "",
        UPLOADED + dt.timedelta(hours=72, minutes=1),
    )
    # The preview's rows quoted the file: only the counts stay.
    assert batch.summary == {"counts": {"new": 1, "changed": 0, "unchanged": 0, "error": 0}}

    page = _confirm(admin_client, batch, "en")
    assert "Sorry, this preview has expired: the uploaded file was deleted 72 hours after it was uploaded" in page
    assert "Nothing was imported. Please upload the file again" in page
    assert "王芳" not in page
    assert 'value="Import"' not in page
    assert "It was never imported: upload the file again to import it." in page
    assert Registration.objects.count() == 0
    chinese = _confirm(admin_client, batch, "zh-hans")
    assert "此预览已过期" in chinese
    listing = admin_client.get(reverse("admin:spreadsheets_importbatch_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Expired (not imported, file deleted)" in listing.content.decode()


def test_an_imported_file_is_deleted_after_the_retention_and_the_batch_stays_imported(admin_client, previewed) -> None:
    with time_machine.travel(UPLOADED + dt.timedelta(minutes=5), tick=False):
        _confirm(admin_client, previewed, "en")
    name = previewed.file.name
    with time_machine.travel(UPLOADED + dt.timedelta(hours=73), tick=False):
        assert tasks.purge_exports() == {"jobs": 0, "imports": 1, "orphans": 0}
    assert not storages["spreadsheets"].exists(name)
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.file.name) == (ImportStatus.IMPORTED, "")
    assert batch.imported_at == UPLOADED + dt.timedelta(minutes=5)
    assert list(Registration.objects.values_list("email", flat=True)) == ["wang@example.org"]
    page = admin_client.get(
        reverse("admin:spreadsheets_importbatch_change", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "The uploaded file was deleted 72 hours after it was uploaded" in page
    assert "It was never imported" not in page


def test_an_import_file_no_batch_names_is_deleted_once_as_old(previewed) -> None:
    storage = storages["spreadsheets"]
    name = previewed.file.name
    previewed.delete()  # deleted from the list of imports: the row goes, the file stays
    with time_machine.travel(UPLOADED + dt.timedelta(hours=1), tick=False):
        recent = storage.save("imports/guests-recent.csv", ContentFile(b"a,b\n"))
    with time_machine.travel(UPLOADED + dt.timedelta(hours=72, minutes=30), tick=False):
        assert tasks.purge_exports() == {"jobs": 0, "imports": 0, "orphans": 1}
    assert not storage.exists(name)
    assert storage.exists(recent)
    with time_machine.travel(UPLOADED + dt.timedelta(hours=73, minutes=30), tick=False):
        assert tasks.purge_exports() == {"jobs": 0, "imports": 0, "orphans": 1}
    assert not storage.exists(recent)


def test_a_preview_whose_file_went_missing_answers_the_same_message(admin_client, previewed) -> None:
    storages["spreadsheets"].delete(previewed.file.name)  # a purge stopped between its two steps
    page = _confirm(admin_client, previewed, "en")
    assert "Sorry, this preview has expired" in page
    assert Registration.objects.count() == 0
