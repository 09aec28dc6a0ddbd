"""The agenda index: every variant assembled from its pieces is, byte for byte, what render_agenda gives."""

import datetime as dt
import itertools

import orjson
import pytest

from sessions import agenda_reader
from sessions.agenda_cache import LOCAL_BODIES
from sessions.agenda_index import INDEX_FORMAT, assemble, decode, encode_snapshot
from sessions.agenda_render import EXPANDABLE, render_agenda
from sessions.models import AgendaExport
from sessions.services import publish_agenda
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


@pytest.mark.django_db
def test_an_index_stored_in_an_older_form_is_built_again_from_the_snapshot(client) -> None:
    """A version published by an older release keeps serving every variant, the page too."""
    session = SessionFactory(title_en="Keynote of an older release")
    SessionSpeakerFactory(session=session)
    version = publish_agenda(edition=session.edition)
    older = {"format": INDEX_FORMAT - 1, "sessions": [["2030-07-06", None, "keynote", "zh-hans", None, [], [0, 2], []]]}
    AgendaExport.objects.filter(version=version, format=AgendaExport.Format.INDEX).update(
        body=orjson.dumps(older).decode() + "\n{}"
    )
    agenda_reader.INDEXES.clear()
    LOCAL_BODIES.clear()
    served = agenda_reader.resolve(session.edition.slug)
    index = agenda_reader.agenda_index(served, "en")
    snapshot = build_agenda_snapshot(session.edition)
    params = {"expand": ("speakers",)}
    published_at = version.published_at.isoformat()
    expected = render_agenda(snapshot, version=version.number, published_at=published_at, language="en", params=params)
    assert assemble(index, params) == orjson.dumps(expected)
    agenda_reader.INDEXES.clear()
    page = client.get(f"/e/{session.edition.slug}/agenda/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Keynote of an older release" in page.content.decode()
