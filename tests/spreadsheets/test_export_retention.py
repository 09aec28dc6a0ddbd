"""A worker's export file is deleted after SPREADSHEETS_EXPORT_RETENTION_HOURS; its link then
answers a page that says so. The clock is frozen and moved with time-machine."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from config.celery import app
from config.checks import check_export_settings
from spreadsheets import tasks
from spreadsheets.enums import ExportKind, FileFormat, JobStatus
from spreadsheets.models import ExportJob
from tests.factories import RegistrationFactory, SuperUserFactory

pytestmark = pytest.mark.django_db

EXPORT = "/admin/attendees/registration/export/xlsx/"
# Near the real clock: the test client's admin session (two weeks) must still be valid.
WRITTEN = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)


def _link(client, job: ExportJob) -> str:
    page = client.get(reverse("admin:spreadsheets_exportjob_change", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en")
    return page.content.decode().split('class="button" href="')[1].split('"')[0]


@pytest.fixture
def exported(admin_client, settings, django_capture_on_commit_callbacks) -> ExportJob:
    """A registration export written by the (eager) worker at WRITTEN, kept 72 hours."""
    settings.SPREADSHEETS_EXPORT_SYNC_ROWS = 1
    settings.SPREADSHEETS_EXPORT_RETENTION_HOURS = 72
    settings.SPREADSHEETS_EXPORT_LINK_MAX_AGE = 24 * 3600
    RegistrationFactory.create_batch(2)
    with time_machine.travel(WRITTEN, tick=False), django_capture_on_commit_callbacks(execute=True):
        admin_client.get(EXPORT)
    job = ExportJob.objects.get()
    assert job.status == JobStatus.DONE
    assert storages["spreadsheets"].exists(job.file.name)
    return job


def test_the_file_is_kept_for_the_retention_then_deleted_and_the_link_says_so(admin_client, exported) -> None:
    name = exported.file.name
    with time_machine.travel(WRITTEN + dt.timedelta(hours=71), tick=False):
        link = _link(admin_client, exported)
        assert tasks.purge_exports() == {"jobs": 0, "imports": 0, "orphans": 0}
        assert admin_client.get(link).status_code == 200
    with time_machine.travel(WRITTEN + dt.timedelta(hours=72, minutes=1), tick=False):
        assert tasks.purge_exports() == {"jobs": 1, "imports": 0, "orphans": 0}
        gone = admin_client.get(link, HTTP_ACCEPT_LANGUAGE="en")
        assert tasks.purge_exports() == {"jobs": 0, "imports": 0, "orphans": 0}  # nothing twice
    assert not storages["spreadsheets"].exists(name)
    job = ExportJob.objects.get()
    assert (job.status, job.file.name, job.expired_at) == (
        JobStatus.EXPIRED,
        "",
        WRITTEN + dt.timedelta(hours=72, minutes=1),
    )
    assert job.rows_total == 2  # the record of what was taken out stays
    assert gone.status_code == 410
    body = gone.content.decode()
    assert "this export is no longer available" in body
    assert "deleted 72 hours after it was written" in body
    assert "export them again" in body
    chinese = admin_client.get(link, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "此导出已无法下载" in chinese
    page = admin_client.get(reverse("admin:spreadsheets_exportjob_change", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "file was deleted 72 hours after it was written" in page.content.decode()
    assert 'class="button"' not in page.content.decode()
    listing = admin_client.get(reverse("admin:spreadsheets_exportjob_changelist"), HTTP_ACCEPT_LANGUAGE="en")
    assert ">deleted<" in listing.content.decode()


def test_an_old_link_to_a_kept_file_leads_to_a_new_link(admin_client, exported) -> None:
    with time_machine.travel(WRITTEN + dt.timedelta(minutes=5), tick=False):
        old = _link(admin_client, exported)
    with time_machine.travel(WRITTEN + dt.timedelta(hours=30), tick=False):
        expired = admin_client.get(old, HTTP_ACCEPT_LANGUAGE="en")
        assert expired.status_code == 410
        assert "this download link has expired" in expired.content.decode()
        assert reverse("admin:spreadsheets_exportjob_change", args=[exported.pk]) in expired.content.decode()
        fresh = _link(admin_client, exported)
        assert admin_client.get(fresh).status_code == 200


def test_another_user_and_a_forged_link_still_get_404(admin_client, exported) -> None:
    with time_machine.travel(WRITTEN + dt.timedelta(hours=73), tick=False):
        link = _link(admin_client, exported)
        tasks.purge_exports()
        assert admin_client.get(link).status_code == 410
        assert admin_client.get(link[:-3] + "xyz/").status_code == 404
        admin_client.force_login(SuperUserFactory(username="someone-else"))
        assert admin_client.get(link).status_code == 404


def test_files_no_job_names_are_deleted_once_as_old(exported) -> None:
    storage = storages["spreadsheets"]
    name = exported.file.name
    exported.delete()  # deleted from the list of exports: the row goes, the file stays
    with time_machine.travel(WRITTEN + dt.timedelta(hours=1), tick=False):
        recent = storage.save("exports/registrations-recent.csv", ContentFile(b"a,b\n"))
    with time_machine.travel(WRITTEN + dt.timedelta(hours=72, minutes=30), tick=False):
        assert tasks.purge_exports() == {"jobs": 0, "imports": 0, "orphans": 1}
    assert not storage.exists(name)
    assert storage.exists(recent)
    with time_machine.travel(WRITTEN + dt.timedelta(hours=73, minutes=30), tick=False):
        assert tasks.purge_exports() == {"jobs": 0, "imports": 0, "orphans": 1}
    assert not storage.exists(recent)


def test_only_finished_files_are_purged(admin_user, settings) -> None:
    settings.SPREADSHEETS_EXPORT_RETENTION_HOURS = 1
    with time_machine.travel(WRITTEN, tick=False):
        kinds = {"kind": ExportKind.REGISTRATIONS, "format": FileFormat.CSV, "user": admin_user, "language": "en"}
        at_once = ExportJob.objects.create(**kinds, status=JobStatus.DONE, filename="a.csv", finished_at=WRITTEN)
        failed = ExportJob.objects.create(**kinds, status=JobStatus.FAILED, filename="b.csv", finished_at=WRITTEN)
        queued = ExportJob.objects.create(**kinds, filename="c.csv")
    with time_machine.travel(WRITTEN + dt.timedelta(days=30), tick=False):
        assert tasks.purge_exports() == {"jobs": 0, "imports": 0, "orphans": 0}
    statuses = dict(ExportJob.objects.values_list("pk", "status"))
    assert statuses == {at_once.pk: JobStatus.DONE, failed.pk: JobStatus.FAILED, queued.pk: JobStatus.QUEUED}


def test_the_retention_must_be_at_least_an_hour(settings) -> None:
    settings.SPREADSHEETS_EXPORT_RETENTION_HOURS = 0
    assert [error.id for error in check_export_settings(None)] == ["agora.E013"]
    settings.SPREADSHEETS_EXPORT_RETENTION_HOURS = 1
    assert check_export_settings(None) == []


def test_beat_runs_the_purge_every_hour() -> None:
    app.loader.import_default_modules()
    entry = app.conf.beat_schedule["purge-export-files"]
    assert entry["task"] == "spreadsheets.purge_exports"
    assert entry["task"] in app.tasks
    assert len(entry["schedule"].hour) == 24
