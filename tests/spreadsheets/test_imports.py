"""Imports: previewed row by row through the admin's rules, written only when confirmed, idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from attendees.enums import RegistrationStatus
from attendees.models import Registration, RegistrationType
from audit.enums import ActorKind, Verb
from audit.models import AuditEntry
from config.spreadsheets import xlsx_bytes
from forums.enums import ForumTeamRole
from notifications.enums import WebhookEvent
from notifications.models import WebhookDelivery
from notifications.webhooks import create_webhook_subscription
from outbox.models import OutboxMessage
from sessions.models import Session, SessionSpeaker, Speaker
from spreadsheets.enums import ImportStatus
from spreadsheets.imports.registrations import RegistrationImporter
from spreadsheets.models import ImportBatch
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    RoomFactory,
    SessionFactory,
    SpeakerFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db
UPLOAD = "/admin/spreadsheets/importbatch/add/"
GUESTS = ["name", "e-mail", "registration type", "sub-forums", "organisation", "preferred language"]


def csv_file(rows: list[list[str]], name: str = "guests.csv") -> SimpleUploadedFile:
    text = "\n".join(",".join(cells) for cells in rows) + "\n"
    return SimpleUploadedFile(name, ("\ufeff" + text).encode())


def upload(client, kind: str, file, language: str = "en", **fields) -> tuple[ImportBatch, str]:
    response = client.post(UPLOAD, {"kind": kind, "file": file, **fields}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = ImportBatch.objects.latest("pk")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=language).content.decode()
    return batch, page


def confirm(client, batch: ImportBatch) -> None:
    client.post(reverse("admin:spreadsheets_importbatch_confirm", args=[batch.pk]))


@pytest.fixture
def edition():
    edition = EditionFactory()
    RegistrationTypeFactory(
        edition=edition,
        slug="delegate",
        name_en="Delegate",
        name_zh_hans="参会代表",
        capacity=2,
        waitlist_enabled=False,
    )
    SubForumFactory(edition=edition, slug="materials", title_en="Materials", title_zh_hans="材料分论坛")
    return edition


def test_a_guest_list_is_previewed_then_imported_once(admin_client, edition) -> None:
    partner = OrganisationFactory(name_en="Physics Society")
    rows = [
        GUESTS,
        ["王芳", "wang@example.org", "Delegate", "材料分论坛", "中国科学技术大学", "简体中文"],
        ["John Smith", "john@example.org", "delegate", "", "MIT", "English"],
    ]
    batch, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk, partner=partner.pk)
    assert "<td>2</td><td>0</td><td>0</td><td>0</td>" in page  # new, changed, unchanged, error
    assert Registration.objects.count() == 0, "a preview writes nothing"
    assert OutboxMessage.objects.count() == 0
    assert 'value="Import"' in page
    confirm(admin_client, batch)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.IMPORTED
    entry = AuditEntry.objects.get(verb=Verb.IMPORTED)
    assert (entry.detail["what"], entry.detail["new"], entry.detail["file"]) == ("registrations", 2, "guests.csv")
    wang = Registration.objects.get(email="wang@example.org")
    assert (wang.name, wang.partner, wang.language, wang.status) == (
        "王芳",
        partner,
        "zh-hans",
        RegistrationStatus.PENDING,
    )
    assert [c.sub_forum.slug for c in wang.choices.all()] == ["materials"]
    assert Registration.objects.get(email="john@example.org").language == "en"
    # The guests are asked to confirm, as after the admin's own form.
    assert OutboxMessage.objects.count() == 2

    again, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk, partner=partner.pk)
    assert "<td>0</td><td>0</td><td>2</td><td>0</td>" in page
    assert 'value="Import"' not in page
    confirm(admin_client, again)
    assert Registration.objects.count() == 2
    assert OutboxMessage.objects.count() == 2


def test_a_bad_row_is_shown_and_nothing_is_written(admin_client, edition) -> None:
    rows = [
        GUESTS,
        ["王芳", "wang@example.org", "Delegate", "", "", ""],
        ["李雷", "not-an-address", "Delegate", "", "", ""],
        ["韩梅梅", "han@example.org", "Speaker", "", "", ""],
    ]
    batch, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk)
    assert "<td>3</td><td>e-mail: “not-an-address” is not an e-mail address.</td>" in page
    assert "<td>4</td><td>registration type: “Speaker” is not a type of this edition.</td>" in page
    assert 'value="Import"' not in page
    confirm(admin_client, batch)  # even when posted
    assert Registration.objects.count() == 0
    assert ImportBatch.objects.get().status == ImportStatus.PREVIEWED


def test_the_errors_are_in_the_organisers_language(admin_client, edition) -> None:
    rows = [GUESTS, ["李雷", "li@example.org", "Speaker", "", "", ""]]
    _batch, page = upload(admin_client, "registrations", csv_file(rows), language="zh-hans", edition=edition.pk)
    assert "报名类别\uff1a“Speaker” 不是本届的报名类别。" in page


def test_capacity_is_the_services_a_full_type_refuses_the_row(admin_client, edition) -> None:
    rows = [GUESTS] + [[f"Guest {n}", f"g{n}@example.org", "Delegate", "", "", ""] for n in range(3)]
    _batch, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk)
    assert "<td>4</td><td>We are sorry: this registration type is fully booked and has no waiting list.</td>" in page
    assert Registration.objects.count() == 0


def test_a_guest_already_registered_is_brought_up_to_date(admin_client, edition) -> None:
    registration = RegistrationFactory(
        edition=edition,
        registration_type=edition.registration_types.get(),
        email="Wang@Example.org",
        name="王芳",
        organisation="",
    )
    rows = [GUESTS, ["王芳", "wang@example.org", "Delegate", "", "中国科学技术大学", ""]]
    batch, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk)
    assert "<td>0</td><td>1</td><td>0</td><td>0</td>" in page
    confirm(admin_client, batch)
    registration.refresh_from_db()
    assert registration.organisation == "中国科学技术大学"
    assert Registration.objects.count() == 1


def test_sessions_with_speakers_from_excel_and_a_double_booked_room(admin_client) -> None:
    edition = EditionFactory()
    room = RoomFactory(venue=edition.venue, name_en="Hall 1", name_zh_hans="一号厅")
    SessionFactory(
        edition=edition, room=room, title_en="Opening", start=edition.start, end=edition.start + dt.timedelta(hours=1)
    )
    speaker = SpeakerFactory(slug="zhang-wei", name_en="Zhang Wei", name_zh_hans="张伟")
    header = ["title (Chinese)", "title (English)", "starts at", "ends at", "room", "kind", "speakers"]
    later = edition.start.astimezone(edition.tz).replace(tzinfo=None) + dt.timedelta(hours=2)
    good = ["主旨报告", "Keynote", later, later + dt.timedelta(minutes=30), "一号厅", "Keynote", "张伟"]
    clash = ["圆桌", "Round table", "2030-07-06 09:30", "2030-07-06 10:00", "Hall 1", "", ""]
    content = xlsx_bytes(header, [good, clash])
    _batch, page = upload(admin_client, "sessions", SimpleUploadedFile("agenda.xlsx", content), edition=edition.pk)
    assert "<td>3</td><td>Room: Hall 1 · " in page
    assert "is already booked at this time by “Opening”" in page
    assert Session.objects.count() == 1

    content = xlsx_bytes(header, [good])
    batch, page = upload(admin_client, "sessions", SimpleUploadedFile("agenda.xlsx", content), edition=edition.pk)
    confirm(admin_client, batch)
    keynote = Session.objects.get(title_en="Keynote")
    assert (keynote.kind, keynote.room, keynote.start) == ("keynote", room, later.replace(tzinfo=edition.tz))
    assert [r.speaker for r in SessionSpeaker.objects.filter(session=keynote)] == [speaker]
    _again, page = upload(admin_client, "sessions", SimpleUploadedFile("agenda.xlsx", content), edition=edition.pk)
    assert "<td>0</td><td>0</td><td>1</td><td>0</td>" in page
    assert Session.objects.count() == 2


def test_speakers_import_matches_by_email_and_changes_only_what_differs(admin_client) -> None:
    SpeakerFactory(name_en="Li Hua", name_zh_hans="李华", email="li@example.org", affiliation_en="USTC")
    header = ["name (Chinese)", "name (English)", "affiliation (English)", "contact e-mail (private)", "honour"]
    rows = [
        ["李华", "Li Hua", "Fudan University", "li@example.org", ""],
        ["王芳", "Wang Fang", "Zhejiang University", "wang@example.org", "Academician"],
    ]
    batch, page = upload(admin_client, "speakers", csv_file([header, *rows], "speakers.csv"))
    assert "<td>1</td><td>1</td><td>0</td><td>0</td>" in page
    confirm(admin_client, batch)
    assert Speaker.objects.get(email="li@example.org").affiliation_en == "Fudan University"
    wang = Speaker.objects.get(email="wang@example.org")
    assert (wang.slug, wang.honour) == ("wang-fang", "academician")
    _again, page = upload(admin_client, "speakers", csv_file([header, *rows], "speakers.csv"))
    assert "<td>0</td><td>0</td><td>2</td><td>0</td>" in page


def test_an_exported_inert_name_comes_back_as_typed(admin_client, edition) -> None:
    rows = [GUESTS, ['\'=HYPERLINK(""http://x"",""y"")', "x@example.org", "Delegate", "", "", ""]]
    rows[1][0] = '"' + rows[1][0] + '"'
    batch, _page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk)
    confirm(admin_client, batch)
    assert Registration.objects.get().name == '=HYPERLINK("http://x","y")'


def test_a_host_imports_sessions_only_into_its_sub_forums(client) -> None:
    edition = EditionFactory()
    hosted = SubForumFactory(edition=edition, slug="hosted")
    SubForumFactory(edition=edition, slug="other")
    membership = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST)
    membership.sub_forums.set([hosted])
    client.force_login(membership.user)
    header = ["title (English)", "starts at", "ends at", "sub-forum"]
    rows = [
        ["Mine", "2030-07-06 15:00", "2030-07-06 15:30", "hosted"],
        ["Theirs", "2030-07-06 15:00", "2030-07-06 15:30", "other"],
    ]
    _batch, page = upload(client, "sessions", csv_file([header, *rows], "agenda.csv"), edition=edition.pk)
    assert "<td>3</td><td>You may not change the agenda of this sub-forum.</td>" in page
    # A guest list is the edition's organisers' work.
    response = client.post(
        UPLOAD, {"kind": "registrations", "edition": edition.pk, "file": csv_file([GUESTS])}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 1


def test_an_unreadable_file_says_why(admin_client, edition) -> None:
    _batch, page = upload(
        admin_client, "registrations", SimpleUploadedFile("guests.xlsx", b"not a workbook"), edition=edition.pk
    )
    assert "This is not an Excel (.xlsx) file that can be read." in page
    _batch, page = upload(admin_client, "registrations", csv_file([["e-mail"], ["a@example.org"]]), edition=edition.pk)
    assert "Columns missing: name." in page


def test_the_template_names_the_columns_in_the_organisers_language(admin_client) -> None:
    response = admin_client.get(
        "/admin/spreadsheets/importbatch/template/registrations/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    header = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    with translation.override("zh-hans"):
        assert header[:3] == ("姓名*", "电子邮箱*", gettext("registration type"))


# --- a guest list's rows run together: the bookkeeping written once, at the end, when kept ----
def test_a_partners_imported_guests_are_recorded_and_announced_once_confirmed(admin_client, edition) -> None:
    partner = OrganisationFactory(name_en="Physics Society", name_zh_hans="物理学会")
    RegistrationType.objects.filter(edition=edition).update(capacity=None)
    create_webhook_subscription(
        organisation=partner, url="https://partner.example.org/hook", events=[WebhookEvent.REGISTRATION_CREATED]
    )
    materials = edition.sub_forums.get()
    rows = [
        GUESTS,
        ["王芳", "wang@example.org", "Delegate", "材料分论坛", "", "简体中文"],
        ["John Smith", "john@example.org", "delegate", "", "MIT", "English"],
    ]
    batch, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk, partner=partner.pk)
    assert "<td>2</td><td>0</td><td>0</td><td>0</td>" in page
    assert (AuditEntry.objects.filter(verb=Verb.CREATED).count(), WebhookDelivery.objects.count()) == (0, 0)
    assert OutboxMessage.objects.count() == 0

    confirm(admin_client, batch)
    wang, john = Registration.objects.get(email="wang@example.org"), Registration.objects.get(email="john@example.org")
    for registration, sub_forum_ids in ((wang, [materials.pk]), (john, [None])):
        [entry] = AuditEntry.objects.filter(verb=Verb.CREATED, object_id=str(registration.pk))
        assert (entry.actor_kind, entry.actor_name) == (ActorKind.PARTNER, "物理学会")  # confirmed in Chinese
        places = entry.places.values_list("forum_id", "edition_id", "sub_forum_id")
        assert sorted(places, key=str) == [(edition.forum_id, edition.pk, pk) for pk in sub_forum_ids]
    deliveries = {d.event_id: json.loads(d.body) for d in WebhookDelivery.objects.all()}
    assert sorted(deliveries) == sorted(f"registration.created:{r.pk}" for r in (wang, john))
    shown = deliveries[f"registration.created:{wang.pk}"]["data"]
    assert (shown["code"], shown["email"]) == (wang.code, "wang@example.org")
    assert OutboxMessage.objects.count() == 2  # each guest is asked to confirm

    _again, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk, partner=partner.pk)
    assert "<td>0</td><td>0</td><td>2</td><td>0</td>" in page
    assert (AuditEntry.objects.filter(verb=Verb.CREATED).count(), WebhookDelivery.objects.count()) == (2, 2)


def test_a_guest_registered_meanwhile_is_named_and_the_other_rows_still_checked(
    admin_client, edition, monkeypatch
) -> None:
    """A database error among rows run without a savepoint each: they are run again, each in its own."""
    RegistrationType.objects.filter(edition=edition).update(capacity=None)
    RegistrationFactory(edition=edition, registration_type=edition.registration_types.get(), email="li@example.org")
    prepare = RegistrationImporter.prepare
    passes = []

    def registered_after_the_lookup(self, rows) -> None:
        prepare(self, rows)
        self.by_email.pop("li@example.org")  # as if li registered on the public page meanwhile
        passes.append(len(rows))

    monkeypatch.setattr(RegistrationImporter, "prepare", registered_after_the_lookup)
    rows = [GUESTS] + [[name, f"{name}@example.org", "Delegate", "", "", ""] for name in ("wang", "li", "zhao")]
    batch, page = upload(admin_client, "registrations", csv_file(rows), edition=edition.pk)
    assert passes == [3, 3]
    assert "<td>2</td><td>0</td><td>0</td><td>1</td>" in page
    assert "<td>3</td><td>This e-mail address is already registered for this edition. Use the link" in page
    assert Registration.objects.count() == 1
    confirm(admin_client, batch)
    assert Registration.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement per guest is PostgreSQL's writer")
def test_a_preview_costs_one_statement_per_new_guest(admin_client, edition) -> None:
    RegistrationType.objects.filter(edition=edition).update(capacity=None)
    queries = {}
    for guests in (1, 21):
        rows = [GUESTS] + [
            [f"G{n}", f"g{n}-{guests}@example.org", "Delegate", "材料分论坛", "", ""] for n in range(guests)
        ]
        with CaptureQueriesContext(connection) as captured:
            upload(admin_client, "registrations", csv_file(rows), edition=edition.pk)
        queries[guests] = len(captured)
    assert queries[21] - queries[1] == 20
