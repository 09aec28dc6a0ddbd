"""The attendee's own programme on the self-service page (plenary, their
sub-forums, the sessions they star) and their personal calendar feed, which
follows every republished agenda."""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse

from attendees import services, tokens
from attendees.models import StarredSession
from notifications.services import publish_and_notify
from sessions.exports.ical import session_uid
from tests.factories import RoomFactory, SessionFactory, SubForumFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def agenda(edition, sub_forum, django_capture_on_commit_callbacks):
    """A plenary session, one in the attendee's sub-forum and one in another, published."""
    other = SubForumFactory(edition=edition, title_en="Other forum", start=sub_forum.start, end=sub_forum.end)
    sessions = {
        "plenary": SessionFactory(edition=edition, title_en="Opening", title_zh_hans="开幕式"),
        "mine": SessionFactory(
            edition=edition, sub_forum=sub_forum, title_en="Mine", title_zh_hans="我的报告", start=sub_forum.start,
            end=sub_forum.start + dt.timedelta(minutes=30),
        ),
        "other": SessionFactory(
            edition=edition, sub_forum=other, title_en="Elsewhere", title_zh_hans="别处的报告",
            start=other.start + dt.timedelta(hours=1), end=other.start + dt.timedelta(hours=2),
        ),
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=edition)
    return sessions


@pytest.fixture
def attendee(register, sub_forum):
    return services.confirm_registration(registration=register(1, sub_forums=[sub_forum], language="en"))


def manage(registration, suffix: str = "") -> str:
    return tokens.manage_path(registration.code) + suffix


def feed_path(client, registration) -> str:
    """The feed's address as the self-service page gives it, made relative."""
    page = client.get(manage(registration), **EN).content.decode()
    webcal = re.search(r'href="(webcal://[^"]+)"', page).group(1)
    https = re.search(r'id="feed-url" value="([^"]+)"', page).group(1)
    assert webcal.removeprefix("webcal://") == https.split("://", 1)[1]
    return "/" + https.split("://", 1)[1].split("/", 1)[1]


def events(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def star(client, registration, session, *, on: bool = True, json: bool = False):
    headers = {"HTTP_ACCEPT": "application/json", **EN} if json else EN
    return client.post(
        manage(registration, "programme/star/"),
        {"session": str(session.guid), "starred": "1" if on else "0"},
        **headers,
    )


def test_self_service_page_shows_the_plenary_and_my_sub_forum_not_others(client, attendee, agenda) -> None:
    page = client.get(manage(attendee), **EN).content.decode()
    programme = page.split('id="programme"')[1].split("</section>")[0]
    assert "Opening" in programme
    assert "Mine" in programme
    assert "Elsewhere" not in programme
    page = client.get(manage(attendee), **ZH).content.decode()
    assert "我的日程" in page
    assert "我的报告" in page


def test_starring_a_session_adds_it_to_my_programme_and_feed(client, attendee, agenda) -> None:
    response = star(client, attendee, agenda["other"])
    assert response.status_code == 302
    assert re.fullmatch(rf"/r/{attendee.code}:[^/]+/", response["Location"])  # back to the self-service page
    assert list(StarredSession.objects.values_list("registration", "session")) == [(attendee.pk, agenda["other"].pk)]
    page = client.get(manage(attendee), **EN).content.decode()
    programme = page.split('id="programme"')[1].split("</section>")[0]
    assert "Elsewhere" in programme
    assert "★ In my programme" in programme
    body = client.get(feed_path(client, attendee)).content
    assert set(events(body)) == {session_uid(str(s.guid)) for s in agenda.values()}


def test_star_answers_json_to_the_script_and_unstars(client, attendee, agenda) -> None:
    response = star(client, attendee, agenda["other"], json=True)
    assert response.json() == {"starred": True}
    assert star(client, attendee, agenda["other"], json=True).json() == {"starred": True}  # twice: one row
    assert StarredSession.objects.count() == 1
    assert star(client, attendee, agenda["other"], on=False, json=True).json() == {"starred": False}
    assert StarredSession.objects.count() == 0


def test_star_refuses_a_session_of_another_edition_and_a_cancelled_registration(client, attendee, agenda) -> None:
    foreign = SessionFactory()
    assert star(client, attendee, foreign).status_code == 404
    assert (
        client.post(manage(attendee, "programme/star/"), {"session": "not-a-guid", "starred": "1"}).status_code == 404
    )
    services.cancel_registration(registration=attendee)
    response = star(client, attendee, agenda["other"], json=True)
    assert response.status_code == 409
    assert response.json() == {"error": "This registration can no longer be changed."}
    assert StarredSession.objects.count() == 0
    assert client.get(manage(attendee, "programme/")).status_code == 302  # nothing to plan any more


def test_other_sessions_page_lists_only_sessions_outside_my_programme(client, attendee, agenda) -> None:
    response = client.get(manage(attendee, "programme/"), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Elsewhere" in page
    assert "Other forum" in page
    assert "Mine" not in page
    assert "Opening" not in page
    assert f'value="{agenda["other"].guid}"' in page


def test_feed_returns_my_sessions_and_follows_a_republished_room_change(
    client, attendee, agenda, django_capture_on_commit_callbacks
) -> None:
    path = feed_path(client, attendee)
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.content)
    assert set(found) == {session_uid(str(agenda["plenary"].guid)), session_uid(str(agenda["mine"].guid))}
    mine = found[session_uid(str(agenda["mine"].guid))]
    assert str(mine["SUMMARY"]) == "Mine"
    assert "PRIVATE" not in response["Cache-Control"].upper() or "no-cache" in response["Cache-Control"]
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304

    moved = agenda["mine"]
    moved.room = RoomFactory(venue=moved.edition.venue, name_en="Hall of Moves", name_zh_hans="新会场")
    moved.start += dt.timedelta(minutes=15)
    moved.end += dt.timedelta(minutes=15)
    moved.save()
    # Not published yet: the feed still answers as before.
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=moved.edition)
    changed = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    event = events(changed.content)[session_uid(str(moved.guid))]
    assert str(event["LOCATION"]) == "Hall of Moves"
    assert event.decoded("DTSTART") == moved.start


def test_feed_is_written_in_the_registrations_language_or_lang(client, attendee, agenda) -> None:
    path = feed_path(client, attendee)
    assert "SUMMARY:Opening" in client.get(path).content.decode()
    assert "SUMMARY:开幕式" in client.get(path + "?lang=zh-hans").content.decode()


def test_tampered_feed_url_answers_404(client, attendee, agenda, register) -> None:
    path = feed_path(client, attendee)
    token = path.removeprefix("/r/feed/").removesuffix(".ics")
    other = register(2)
    value, signature = token.rsplit(":", 1)
    forged = [
        f"{other.code}.0:{signature}",  # someone else's code under this signature
        f"{value}:{signature[:-2]}{'AA' if not signature.endswith('AA') else 'BB'}",  # an edited signature
        f"{attendee.code}.1:{signature}",  # another generation
        tokens.make_token(attendee.code, tokens.MANAGE),  # the self-service link is not a feed link
        attendee.code,
    ]
    for bad in forged:
        assert client.get(reverse("attendees:feed", kwargs={"token": bad})).status_code == 404, bad
    assert client.get(path).status_code == 200


def test_a_new_feed_address_retires_the_old_one(client, attendee, agenda) -> None:
    old = feed_path(client, attendee)
    token = manage(attendee).removeprefix("/r/").removesuffix("/")
    response = client.post(f"/r/{token}/calendar/new-link/", **EN, follow=True)
    assert response.redirect_chain == [(f"/r/{token}/#calendar", 302)]
    assert "Your calendar has a new address" in response.content.decode()
    new = feed_path(client, attendee)
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_cancelled_registrations_feed_stops(client, attendee, agenda) -> None:
    path = feed_path(client, attendee)
    assert client.get(path).status_code == 200
    services.cancel_registration(registration=attendee)
    response = client.get(path)
    assert response.status_code == 410
    assert b"BEGIN:VCALENDAR" not in response.content
    page = client.get(manage(attendee), **EN).content.decode()
    assert "webcal://" not in page
    assert 'id="programme"' not in page


def test_feed_and_pages_take_no_other_method(client, attendee, agenda) -> None:
    path = feed_path(client, attendee)
    assert client.post(path).status_code == 405
    assert client.get(manage(attendee, "programme/star/")).status_code == 405
    assert client.get(manage(attendee, "calendar/new-link/")).status_code == 405


@pytest.mark.parametrize("count", [1, 20])
def test_programme_query_counts_are_constant(
    client, attendee, agenda, count, django_assert_num_queries, django_capture_on_commit_callbacks
) -> None:
    edition = attendee.edition
    extra = [SessionFactory(edition=edition, sub_forum=agenda["other"].sub_forum) for _ in range(count)]
    with django_capture_on_commit_callbacks(execute=True):
        publish_and_notify(edition=edition)
    for session in extra:
        star(client, attendee, session)
    path = feed_path(client, attendee)
    # registration, its choices, stars, feed generation, the snapshot (the version is in the cache)
    with django_assert_num_queries(5):
        body = client.get(path).content
    assert len(events(body)) == 2 + count
    # a session (the page stores messages there) is not read: the client has none
    with django_assert_num_queries(5):
        assert client.get(manage(attendee, "programme/")).status_code == 200
