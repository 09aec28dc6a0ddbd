# ruff: noqa: RUF001 - Chinese texts use full-width punctuation
import datetime as dt
import json
from pathlib import Path

import icalendar
import jsonschema
import pytest
import xmlschema

from sessions.exports.frab import acronym
from sessions.models import AgendaExport
from sessions.services import publish_agenda
from tests.factories import (
    EDITION_START,
    EditionFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)

SCHEMAS = Path(__file__).resolve().parents[2] / "sessions" / "exports" / "schemas"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "interop" / "frab"


@pytest.fixture
def published():
    edition = EditionFactory(slug="yrd-forum-2030")
    plenary_room = SessionFactory(edition=edition, title_en="Opening ceremony", title_zh_hans="开幕式").room
    sub_forum = SubForumFactory(edition=edition, slug="academicians", title_en="Academician Forum")
    keynote = SessionFactory(
        edition=edition,
        sub_forum=sub_forum,
        title_en="Integrated innovation",
        title_zh_hans="一体化创新",
        start=EDITION_START + dt.timedelta(days=1, hours=5),
        abstract_en="On the delta.",
    )
    SessionSpeakerFactory(session=keynote, speaker=SpeakerFactory(name_en="Li Wei", name_zh_hans="李伟"))
    SessionFactory(
        edition=edition,
        sub_forum=sub_forum,
        title_en="Gone",
        title_zh_hans="取消",
        is_cancelled=True,
        room=plenary_room,
    )
    SessionFactory(edition=edition, title_en="Tea break", room=None, start=EDITION_START + dt.timedelta(hours=3))
    version = publish_agenda(edition=edition)
    return version, keynote


def body(version, fmt: str, language: str = "", sub_forum: str = "") -> str:
    return AgendaExport.objects.get(version=version, format=fmt, language=language, sub_forum_slug=sub_forum).body


def test_project_carries_the_shared_schemas_unchanged() -> None:
    for name in ("schema.json", "schedule.xml.xsd"):
        if (SHARED / name).exists():
            assert (SCHEMAS / name).read_bytes() == (SHARED / name).read_bytes()
        assert (SCHEMAS / name).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_frab_schedule_json_validates_against_the_schema(published, language) -> None:
    version, keynote = published
    schema = json.loads((SCHEMAS / "schema.json").read_text())
    document = json.loads(body(version, "frab-json", language))
    jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER).validate(document)
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "yrd_forum_2030"
    assert conference["time_zone_name"] == "Asia/Shanghai"
    assert conference["daysCount"] == 3
    events = [e for day in conference["days"] for room in day["rooms"].values() for e in room]
    assert len(events) == 3  # the cancelled session is left out
    event = next(e for e in events if e["guid"] == str(keynote.guid))
    assert event["date"] == "2030-07-07T14:00:00+08:00"
    assert (event["start"], event["duration"]) == ("14:00", "00:30")
    assert event["persons"][0]["public_name"] == ("Li Wei" if language == "en" else "李伟")
    assert event["title"] == ("Integrated innovation" if language == "en" else "一体化创新")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_frab_schedule_xml_validates_against_the_xsd(published, language) -> None:
    version, keynote = published
    schema = xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd"))
    document = body(version, "frab-xml", language)
    schema.validate(document)
    data = schema.to_dict(document)
    events = [e for day in data["day"] for room in day.get("room", []) for e in room.get("event", [])]
    event = next(e for e in events if e["@guid"] == str(keynote.guid))
    assert event["date"] == "2030-07-07T14:00:00+08:00"
    assert event["start"] == "14:00"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", ["Zhejiang Hall", "Anhui Hall", "To be announced"]), ("zh-hans", ["浙江厅", "安徽厅", "待定"])],
)
def test_frab_exports_list_rooms_in_room_order_not_by_name(language, expected) -> None:
    edition = EditionFactory()
    first = RoomFactory(venue=edition.venue, name_en="Zhejiang Hall", name_zh_hans="浙江厅", order=1)
    second = RoomFactory(venue=edition.venue, name_en="Anhui Hall", name_zh_hans="安徽厅", order=2)
    # Seen by start time, the rooms would come in the opposite order: the second room's session is earlier.
    SessionFactory(edition=edition, room=None, start=EDITION_START + dt.timedelta(hours=1))
    SessionFactory(edition=edition, room=second, start=EDITION_START + dt.timedelta(hours=2))
    SessionFactory(edition=edition, room=first, start=EDITION_START + dt.timedelta(hours=3))
    version = publish_agenda(edition=edition)

    conference = json.loads(body(version, "frab-json", language))["schedule"]["conference"]
    assert [room["name"] for room in conference["rooms"]] == expected
    (day,) = [day for day in conference["days"] if day["rooms"]]
    assert list(day["rooms"]) == expected

    xml = xmlschema.XMLSchema(str(SCHEMAS / "schedule.xml.xsd")).to_dict(body(version, "frab-xml", language))
    assert [room["@name"] for day in xml["day"] for room in day.get("room", [])] == expected


@pytest.mark.django_db
def test_ics_exports_parse_with_correct_times_in_the_editions_zone(published) -> None:
    version, keynote = published
    calendar = icalendar.Calendar.from_ical(body(version, "ics", "en"))
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Opening ceremony", "Integrated innovation", "Gone", "Tea break"}
    start = events["Integrated innovation"].decoded("dtstart")
    assert start == keynote.start
    assert (str(start.tzinfo), start.hour, start.day) == ("Asia/Shanghai", 14, 7)
    assert "Li Wei" in str(events["Integrated innovation"]["description"])
    assert str(events["Gone"]["status"]) == "CANCELLED"

    per_sub_forum = icalendar.Calendar.from_ical(body(version, "ics", "zh-hans", "academicians"))
    assert sorted(str(e["summary"]) for e in per_sub_forum.walk("VEVENT")) == ["一体化创新", "取消"]


@pytest.mark.django_db
def test_json_export_is_the_snapshot_with_version_and_changelog(published) -> None:
    version, _keynote = published
    document = json.loads(body(version, "json"))
    assert document["version"] == 1
    assert document["agenda"] == version.snapshot
    assert len(document["changelog"]) == 4


def test_acronym_fits_both_schemas() -> None:
    assert acronym("edition-1") == "edition_1"
    assert acronym("ab") == "ab__"


@pytest.mark.django_db
def test_ics_escapes_and_folds_long_texts_losslessly() -> None:
    title = "长三角一体化发展，科技创新；“新质生产力”\\与产业协同——院士圆桌对话" * 3
    session = SessionFactory(title_zh_hans=title, abstract_zh_hans="第一行\n第二行, with comma; and semicolon")
    version = publish_agenda(edition=session.edition)
    text = body(version, "ics", "zh-hans")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (event,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(event["summary"]) == title
    assert str(event["description"]).endswith("第一行\n第二行, with comma; and semicolon")
