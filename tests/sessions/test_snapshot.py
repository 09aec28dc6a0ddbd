import pytest
from django.utils import translation

from sessions.snapshot import build_agenda_snapshot, pick
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SubForumFactory


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_snapshot_query_count_independent_of_size(count, django_assert_num_queries) -> None:
    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition)
    for _ in range(count):
        SessionSpeakerFactory(session=SessionFactory(edition=edition, sub_forum=sub_forum))
    with django_assert_num_queries(6):
        snapshot = build_agenda_snapshot(edition)
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
