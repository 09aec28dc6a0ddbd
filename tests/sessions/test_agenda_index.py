"""The agenda index: every variant assembled from its pieces is, byte for byte, what render_agenda gives."""

import datetime as dt
import itertools

import orjson
import pytest

from sessions.agenda_index import assemble, decode, encode_snapshot
from sessions.agenda_render import EXPANDABLE, render_agenda
from sessions.snapshot import build_agenda_snapshot
from tests.factories import EditionFactory, SessionFactory, SessionSpeakerFactory, SubForumFactory


@pytest.fixture
def snapshot(db):
    edition = EditionFactory()
    sub_forum = SubForumFactory(edition=edition)
    keynote = SessionFactory(edition=edition, abstract_en='A "quoted" abstract\nwith </script> in it')
    SessionSpeakerFactory(session=keynote, order=0)
    SessionSpeakerFactory(session=keynote, order=1, role="moderator")
    SessionFactory(edition=edition, sub_forum=sub_forum, kind="talk", language="en", room=None)
    next_day = SessionFactory(edition=edition, sub_forum=sub_forum, start=edition.start + dt.timedelta(days=1, hours=2))
    SessionSpeakerFactory(session=next_day)
    SessionFactory(edition=edition, is_cancelled=True, title_en="")  # falls back to the Chinese title
    return build_agenda_snapshot(edition)


def _variants(snapshot):
    expands = [tuple(c) for n in range(4) for c in itertools.combinations(EXPANDABLE, n)]
    speaker = snapshot["speakers"][0]["id"]
    sub_forum = snapshot["sub_forums"][0]["id"]
    day = dt.date.fromisoformat(snapshot["sessions"][-1]["start"][:10])
    room = snapshot["rooms"][0]["id"]
    filters = [{}, {"day": day}, {"sub_forum": sub_forum}, {"kind": "talk"}, {"language": "en"}, {"speaker": speaker}]
    filters.append({"room": room})
    filters.append({"day": day, "sub_forum": sub_forum, "speaker": speaker})
    return [{"expand": e, **f} for e in expands for f in filters]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_variant_is_what_render_agenda_gives_byte_for_byte(snapshot, language) -> None:
    published_at = "2030-07-01T08:00:00+00:00"
    index = decode(encode_snapshot(snapshot, version=3, published_at=published_at, language=language))
    for params in _variants(snapshot):
        expected = orjson.dumps(
            render_agenda(snapshot, version=3, published_at=published_at, language=language, params=params)
        )
        assert assemble(index, params) == expected, params
    assert orjson.loads(assemble(index, {"expand": EXPANDABLE}))["sessions"]
