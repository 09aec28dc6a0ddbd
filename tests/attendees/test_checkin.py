"""The staff check-in page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from attendees import services
from attendees.models import SubForumChoice
from tests.factories import SubForumFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def confirmed(edition, reg_type, sub_forum):
    registration = services.register_attendee(
        edition=edition, registration_type=reg_type, name="Zhao Lei", email="zhao@example.org", sub_forums=[sub_forum]
    )
    return services.confirm_registration(registration=registration)


def _url(edition):
    return reverse("attendees:checkin", args=[edition.slug])


def test_checkin_needs_staff(client, edition, confirmed):
    response = client.post(_url(edition), {"code": confirmed.code})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    user = get_user_model().objects.create_user("volunteer", password="pw-123456", is_staff=False)
    client.force_login(user)
    assert client.get(_url(edition)).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is None


def test_checkin_twice_shows_first_time(admin_client, edition, confirmed, sub_forum):
    first = admin_client.post(_url(edition), {"code": confirmed.code.lower()}, **EN).content.decode()
    assert "Welcome — checked in" in first
    assert "Zhao Lei" in first
    assert str(sub_forum.title) in first
    confirmed.refresh_from_db()
    local = confirmed.checked_in_at.astimezone(edition.tz)
    again = admin_client.post(_url(edition), {"code": confirmed.code}, **EN).content.decode()
    assert f"Already checked in at {local:%m-%d %H:%M:%S}" in again


def test_checkin_unknown_code_or_other_edition(admin_client, edition, confirmed):
    other = SubForumFactory().edition
    body = admin_client.post(_url(edition), {"code": "NOPE234567"}, **EN).content.decode()
    assert "No registration with the code NOPE234567." in body
    body = admin_client.post(_url(other), {"code": confirmed.code}, **EN).content.decode()
    assert f"No registration with the code {confirmed.code}." in body


def test_checkin_pending_registration_refused(admin_client, edition, reg_type):
    pending = services.register_attendee(edition=edition, registration_type=reg_type, name="P", email="p@example.org")
    body = admin_client.post(_url(edition), {"code": pending.code}, **EN).content.decode()
    assert "This registration does not admit entry." in body


def test_checkin_door_mode_checks_the_choice(admin_client, edition, confirmed, sub_forum):
    other_door = SubForumFactory(edition=edition, start=sub_forum.end)
    body = admin_client.post(_url(edition), {"code": confirmed.code, "door": other_door.pk}, **EN).content.decode()
    assert "This registration does not admit entry." in body
    body = admin_client.post(_url(edition), {"code": confirmed.code, "door": sub_forum.pk}, **EN).content.decode()
    assert "Welcome — checked in" in body
    assert SubForumChoice.objects.get(registration=confirmed).checked_in_at is not None
    # Door check-in does not count as the main entrance.
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is None


@pytest.mark.parametrize("count", [1, 6])
def test_checkin_lookup_query_count_constant(admin_client, edition, reg_type, count, django_assert_num_queries):
    sub_forums = [
        SubForumFactory(edition=edition, start=edition.start + dt.timedelta(hours=3 * n)) for n in range(count)
    ]
    registration = services.confirm_registration(
        registration=services.register_attendee(
            edition=edition, registration_type=reg_type, name="Q", email="q@example.org", sub_forums=sub_forums
        )
    )
    admin_client.get(_url(edition))  # log-in session warmed up
    # session, user, edition, sub-forums, registration, its choices, check-in update, re-read
    with django_assert_num_queries(8):
        response = admin_client.post(_url(edition), {"code": registration.code}, **EN)
    assert response.status_code == 200
    assert response.content.decode().count("Welcome — checked in") == 1
