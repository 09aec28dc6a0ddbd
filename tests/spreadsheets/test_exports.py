"""Exports from the admin: what the file holds, compared with the database, in both formats."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration
from audit.enums import Verb
from audit.models import AuditEntry
from forums.enums import ForumTeamRole
from forums.permissions import Access
from sessions.enums import SpeakerRole
from spreadsheets import exports
from spreadsheets.enums import ExportKind, JobStatus
from spreadsheets.models import ExportJob
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumChoiceFactory,
    SubForumFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.django_db

EXPORT = "/admin/attendees/registration/export/{}/"
HYPERLINK = '=HYPERLINK("http://x","y")'


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def xlsx_rows(response, sheet: int = 0) -> list[list]:
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)), read_only=True)
    rows = [list(row) for row in workbook.worksheets[sheet].iter_rows(values_only=True)]
    return [["" if v is None else v for v in row] for row in rows]


@pytest.fixture
def edition():
    edition = EditionFactory()
    delegate = RegistrationTypeFactory(edition=edition, name_en="Delegate", name_zh_hans="参会代表")
    partner = OrganisationFactory(name_en="Physics Society", name_zh_hans="物理学会")
    morning = SubForumFactory(edition=edition, title_en="Materials", title_zh_hans="材料分论坛")
    afternoon = SubForumFactory(
        edition=edition,
        title_en="Energy",
        title_zh_hans="能源分论坛",
        start=morning.end,
        end=morning.end + dt.timedelta(hours=2),
    )
    wang = RegistrationFactory(
        edition=edition,
        registration_type=delegate,
        name="王芳",
        email="wang@example.org",
        organisation="中国科学技术大学",
        language="zh-hans",
        partner=partner,
        status=RegistrationStatus.CHECKED_IN,
        checked_in_at=edition.start + dt.timedelta(minutes=15),
    )
    SubForumChoiceFactory(registration=wang, sub_forum=morning)
    SubForumChoiceFactory(registration=wang, sub_forum=afternoon, status=ChoiceStatus.WAITLISTED)
    RegistrationFactory(
        edition=edition,
        registration_type=delegate,
        name=HYPERLINK,
        email="x@example.org",
        language="en",
        status=RegistrationStatus.PENDING,
        phone="+86 138 0000 0000",
    )
    return edition


def test_xlsx_export_matches_the_database(admin_client, edition) -> None:
    with translation.override("en"):
        response = admin_client.get(EXPORT.format("xlsx"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="registrations-')
    header, *rows = xlsx_rows(response)
    assert header[:4] == ["code", "edition", "name", "e-mail"]
    by_code = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    expected = {r.code: r for r in Registration.objects.filter(edition=edition)}
    assert set(by_code) == set(expected)
    wang = next(r for r in expected.values() if r.email == "wang@example.org")
    row = by_code[wang.code]
    assert row["name"] == "王芳"
    assert row["organisation"] == "中国科学技术大学"
    assert row["registration type"] == "Delegate"
    assert row["status"] == "Checked in"
    assert row["registered by partner"] == "Physics Society"
    assert row["preferred language"] == "简体中文"
    # In the edition's own zone (Shanghai): 09:00 + 15 minutes.
    assert row["checked in at"] == wang.checked_in_at.astimezone(edition.tz).strftime("%Y-%m-%d %H:%M")
    assert row["checked in at"].endswith("09:15")
    assert row["sub-forums"] == "Materials (Confirmed); Energy (On the waiting list)"


def test_csv_export_in_chinese_for_a_chinese_organiser(admin_client, edition) -> None:
    response = admin_client.get(EXPORT.format("csv"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv_rows(response)
    assert header[:3] == ["报名码", "届次", "姓名"]
    wang = next(dict(zip(header, r, strict=True)) for r in rows if "王芳" in r)
    assert "材料分论坛" in wang[header[-1]]


def test_a_formula_in_a_name_comes_out_inert(admin_client, edition) -> None:
    """=HYPERLINK(…) stays text, shown as typed, in CSV and Excel; a phone number's + too."""
    csv_header, *csv_data = csv_rows(admin_client.get(EXPORT.format("csv")))
    _xlsx_header, *xlsx_data = xlsx_rows(admin_client.get(EXPORT.format("xlsx")))
    name, phone = csv_header.index(csv_header[2]), csv_header.index(csv_header[4])
    csv_row = next(r for r in csv_data if "HYPERLINK" in r[name])
    xlsx_row = next(r for r in xlsx_data if "HYPERLINK" in r[name])
    assert csv_row[name] == "'" + HYPERLINK
    assert xlsx_row[name] == "'" + HYPERLINK
    assert csv_row[phone] == "'+86 138 0000 0000"
    workbook = openpyxl.load_workbook(io.BytesIO(_body(admin_client.get(EXPORT.format("xlsx")))))
    cells = [c for row in workbook.active.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)]
    assert [c.data_type for c in cells] == ["s"], "a text cell, not a formula"


def test_export_follows_the_changelist_filters_and_search(admin_client, edition) -> None:
    response = admin_client.get(EXPORT.format("csv") + f"?status__exact={RegistrationStatus.PENDING}")
    _header, *rows = csv_rows(response)
    assert [r[3] for r in rows] == ["x@example.org"]
    _header, *rows = csv_rows(admin_client.get(EXPORT.format("csv") + "?q=wang"))
    assert [r[3] for r in rows] == ["wang@example.org"]


def test_changelist_offers_the_export_with_its_filters(admin_client, edition) -> None:
    page = admin_client.get("/admin/attendees/registration/?status__exact=pending").content.decode()
    assert 'href="/admin/attendees/registration/export/csv/?status__exact=pending"' in page
    assert 'href="/admin/attendees/registration/export/xlsx/?status__exact=pending"' in page


def test_a_sub_forum_host_exports_only_its_sub_forums_attendees(client, edition) -> None:
    hosted, other = edition.sub_forums.order_by("start")
    outsider = RegistrationFactory(edition=edition, name="李雷", email="li@example.org")
    SubForumChoiceFactory(registration=outsider, sub_forum=other)
    membership = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST)
    membership.sub_forums.set([hosted])
    client.force_login(membership.user)
    _header, *rows = csv_rows(client.get(EXPORT.format("csv"), HTTP_ACCEPT_LANGUAGE="en"))
    assert [r[2] for r in rows] == ["王芳"]
    # The attendee's other sub-forum is not the host's to see.
    assert rows[0][-1] == f"{hosted.title_en} (Confirmed)"


def test_a_viewer_exports_nothing(client, edition) -> None:
    membership = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.VIEWER)
    client.force_login(membership.user)
    assert client.get(EXPORT.format("csv")).status_code == 404
    assert b"/export/csv/" not in client.get("/admin/attendees/registration/").content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reads_the_same_number_of_queries_for_one_and_many(admin_client, fmt) -> None:
    def queries_for(count: int) -> int:
        edition = EditionFactory()
        registration_type = RegistrationTypeFactory(edition=edition)
        sub_forum = SubForumFactory(edition=edition)
        for _n in range(count):
            registration = RegistrationFactory(
                edition=edition, registration_type=registration_type, partner=OrganisationFactory()
            )
            SubForumChoiceFactory(registration=registration, sub_forum=sub_forum)
        url = EXPORT.format(fmt) + f"?edition__id__exact={edition.pk}"
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(url)
            body = _body(response)
        assert response.status_code == 200
        assert body
        return len(queries)

    assert queries_for(1) == queries_for(6)


def test_door_lists_action_a_sheet_per_door(admin_client, edition) -> None:
    morning, afternoon = edition.sub_forums.order_by("start")
    response = admin_client.post(
        "/admin/forums/subforum/",
        {"action": "export_door_lists_xlsx", ACTION_CHECKBOX_NAME: [morning.pk, afternoon.pk], "index": 0},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(_body(response)), read_only=True)
    assert workbook.sheetnames == ["Materials", "Energy"]
    assert [r[2] for r in workbook["Materials"].iter_rows(min_row=2, values_only=True)] == ["王芳"]
    # A waiting-list choice does not open the door.
    assert list(workbook["Energy"].iter_rows(min_row=2, values_only=True)) == []


def test_the_desk_exports_door_lists(client, edition) -> None:
    morning, _afternoon = edition.sub_forums.order_by("start")
    desk = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.DESK).user
    client.force_login(desk)
    response = client.post(
        "/admin/forums/subforum/",
        {"action": "export_door_lists_csv", ACTION_CHECKBOX_NAME: [morning.pk], "index": 0},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    header, *rows = csv_rows(response)
    assert header == ["sub-forum", "code", "name", "organisation", "registration type", "checked in at"]
    assert [(r[0], r[2]) for r in rows] == [("Materials", "王芳")]


def test_speaker_export_lists_each_part_with_its_session(admin_client) -> None:
    session = SessionFactory(title_en="Opening keynote", title_zh_hans="开幕主旨报告")
    speaker = SpeakerFactory(name_en="Zhang Wei", name_zh_hans="张伟", affiliation_en="USTC", email="zw@example.org")
    SessionSpeakerFactory(session=session, speaker=speaker, role=SpeakerRole.MODERATOR)
    response = admin_client.get("/admin/forum_sessions/sessionspeaker/export/xlsx/", HTTP_ACCEPT_LANGUAGE="en")
    header, *rows = xlsx_rows(response)
    row = dict(zip(header, rows[0], strict=True))
    assert len(rows) == 1
    assert (row["speaker"], row["affiliation"], row["contact e-mail (private)"]) == (
        "Zhang Wei",
        "USTC",
        "zw@example.org",
    )
    assert (row["role"], row["session"]) == ("Moderator", "Opening keynote")


def test_a_large_export_runs_in_a_worker_and_only_its_owner_downloads_it(
    admin_client, client, edition, settings, django_capture_on_commit_callbacks
) -> None:
    settings.SPREADSHEETS_EXPORT_SYNC_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.get(EXPORT.format("xlsx"), HTTP_ACCEPT_LANGUAGE="en")
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:spreadsheets_exportjob_change", args=[job.pk])
    assert (job.status, job.rows_done, job.rows_total) == (JobStatus.DONE, 2, 2)
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 rows." in page
    link = page.split('class="button" href="')[1].split('"')[0]
    download = admin_client.get(link)
    assert "private" in download["Cache-Control"]
    assert "no-store" in download["Cache-Control"]
    assert {row[2] for row in xlsx_rows(download)[1:]} == {"王芳", "'" + HYPERLINK}
    # Another superuser neither sees the job nor may use its link.
    client.force_login(SuperUserFactory(username="someone-else"))
    assert client.get(response["Location"]).status_code == 404
    assert client.get(link).status_code == 404
    # The link expires (the two client fixtures are one client: log its owner in again); it then
    # says so and leads to the job's page, which gives a new link.
    client.force_login(job.user)
    settings.SPREADSHEETS_EXPORT_LINK_MAX_AGE = -1
    expired = client.get(link, HTTP_ACCEPT_LANGUAGE="en")
    assert expired.status_code == 410
    assert "this download link has expired" in expired.content.decode()


def test_a_running_export_shows_its_progress(admin_client, edition, settings) -> None:
    settings.SPREADSHEETS_EXPORT_SYNC_ROWS = 1
    response = admin_client.get(EXPORT.format("csv"), HTTP_ACCEPT_LANGUAGE="en")  # not committed: not run yet
    page = admin_client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert '<progress max="2" value="0">' in page
    assert "0 of 2 rows written." in page


def test_every_export_is_in_the_audit_trail_with_who_what_and_how_many(
    client, edition, settings, django_capture_on_commit_callbacks
) -> None:
    organiser = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.ORGANISER).user
    client.force_login(organiser)
    b"".join(client.get(EXPORT.format("csv")).streaming_content)
    entry = AuditEntry.objects.get(verb=Verb.EXPORTED)
    assert (entry.actor, entry.detail["what"], entry.detail["format"], entry.detail["rows"]) == (
        organiser,
        "registrations",
        "csv",
        2,
    )
    assert list(entry.places.values_list("forum_id", "edition_id")) == [(edition.forum_id, edition.pk)]
    # A worker's export is recorded when its file is written.
    settings.SPREADSHEETS_EXPORT_SYNC_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        client.get(EXPORT.format("xlsx"))
    assert AuditEntry.objects.filter(verb=Verb.EXPORTED).count() == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_workers_progress_is_told_across_sheets_at_most_so_often(edition, fmt, monkeypatch) -> None:
    access = Access(SuperUserFactory())
    table = exports.table_for(ExportKind.REGISTRATIONS, Registration.objects.filter(edition=edition), access)
    told: list[int] = []
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(exports, "PROGRESS_SECONDS", 0)
    assert exports.write(table, fmt, io.BytesIO(), progress=told.append) == 2
    assert told == [1, 2]
    told.clear()
    monkeypatch.setattr(exports, "PROGRESS_SECONDS", 3600)  # a fast writer is not slowed by its own bookkeeping
    assert exports.write(table, fmt, io.BytesIO(), progress=told.append) == 2
    assert told == []
