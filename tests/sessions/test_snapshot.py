import datetime as dt

import pytest
from django.utils import translation

from sessions.changelog import CHANGE_TYPES
from sessions.enums import SpeakerRole
from sessions.models import Session
from sessions.selectors import outlined_changes, unpublished_changes
from sessions.services import publish_agenda
from sessions.snapshot import OUTLINE_KEYS, agenda_outline, build_agenda_snapshot, pick
from tests.factories import (
    EditionFactory,
    RoomFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    SubForumFactory,
)


@pytest.mark.django_db
@pytest.mark.parametrize(("read", "queries"), [(build_agenda_snapshot, 6), (agenda_outline, 4)])
@pytest.mark.parametrize("count", [1, 20])
def test_snapshot_and_outline_query_count_independent_of_size(read, queries, count, django_assert_num_queries) -> None:
    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition)
    for _ in range(count):
        SessionSpeakerFactory(session=SessionFactory(edition=edition, sub_forum=sub_forum))
    with django_assert_num_queries(queries):
        snapshot = read(edition)
    assert len(snapshot["sessions"]) == count
    assert len(snapshot["speakers"]) == count


@pytest.mark.django_db
def test_snapshot_keeps_both_languages_and_pick_falls_back() -> None:
    session = SessionFactory(title_zh_hans="主旨报告", title_en="")
    snapshot = build_agenda_snapshot(session.edition)
    title = snapshot["sessions"][0]["title"]
    assert title == {"zh-hans": "主旨报告", "en": ""}
    assert pick(title, "en") == "主旨报告"
    with translation.override("zh-hans"):
        assert pick(title) == "主旨报告"


def _cut(snapshot: dict) -> dict:
    """A full snapshot cut to the outline's keys."""
    return {
        "rooms": [{"id": r["id"], "name": r["name"]} for r in snapshot["rooms"]],
        "speakers": [{"id": p["id"], "name": p["name"]} for p in snapshot["speakers"]],
        "sessions": [{key: s[key] for key in OUTLINE_KEYS} for s in snapshot["sessions"]],
    }


@pytest.mark.django_db
def test_outline_is_the_snapshot_cut_to_its_keys_and_finds_the_same_changes() -> None:
    """The timetable marks changes from the outline: every change publishing would record, the same."""
    edition = EditionFactory()
    hall, other_hall = RoomFactory(venue=edition.venue, order=2), RoomFactory(venue=edition.venue, name_en="", order=1)
    sub_forum, other_sub_forum = SubForumFactory(edition=edition, room=hall), SubForumFactory(edition=edition)
    sessions = [SessionFactory(edition=edition, sub_forum=sub_forum, room=hall) for _ in range(9)]
    first, second = SpeakerFactory(), SpeakerFactory(name_en="")
    SessionSpeakerFactory(session=sessions[0], speaker=first, order=1)
    SessionSpeakerFactory(session=sessions[0], speaker=second, order=0, role=SpeakerRole.MODERATOR)
    SessionSpeakerFactory(session=sessions[1], speaker=first)
    Session.objects.filter(pk=sessions[8].pk).update(is_cancelled=True)
    SessionFactory(edition=edition, room=None, kind="break", title_en="")
    publish_agenda(edition=edition)

    later = sessions[1].start + dt.timedelta(hours=2)
    Session.objects.filter(pk=sessions[1].pk).update(start=later, end=later + dt.timedelta(minutes=20))
    Session.objects.filter(pk=sessions[2].pk).update(room=other_hall)
    Session.objects.filter(pk=sessions[3].pk).update(title_en="Renamed", title_zh_hans="改名")
    Session.objects.filter(pk=sessions[4].pk).update(sub_forum=other_sub_forum)
    Session.objects.filter(pk=sessions[5].pk).update(is_cancelled=True)
    Session.objects.filter(pk=sessions[8].pk).update(is_cancelled=False)
    SessionSpeakerFactory(session=sessions[6])
    sessions[7].delete()
    SessionFactory(edition=edition, sub_forum=other_sub_forum, room=None)

    published, outline, changelog = outlined_changes(edition)
    assert outline == _cut(build_agenda_snapshot(edition))
    assert changelog == unpublished_changes(edition)[2]
    assert sorted(entry["type"] for entry in changelog) == sorted(CHANGE_TYPES)
    assert published.number == 1
