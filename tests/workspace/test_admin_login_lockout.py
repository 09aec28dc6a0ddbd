"""The admin login is locked for a user name and address after repeated failures (django-axes);
superusers see the lock and lift it."""

from __future__ import annotations

import pytest

from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


def _try(client, username: str, password: str, ip: str = "203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_failures_lock_the_account_from_that_address(client, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 5
    StaffUserFactory(username="organiser", password="the-right-password")
    statuses = [_try(client, "organiser", "guess").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 200, 429]  # the form again four times, then the lock
    locked = _try(client, "organiser", "the-right-password")
    assert locked.status_code == 429  # even the right password waits out the lock
    assert "_auth_user_id" not in client.session
    other_address = _try(client, "organiser", "the-right-password", ip="198.51.100.1")
    assert other_address.status_code == 302  # a lock holds for that name from that address only


def test_superusers_see_and_lift_the_lock(client, admin_client, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    StaffUserFactory(username="organiser", password="the-right-password")
    for _ in range(2):
        _try(client, "organiser", "guess")
    attempts = admin_client.get("/admin/axes/accessattempt/")
    assert attempts.status_code == 200
    assert "organiser" in attempts.content.decode()
    (attempt,) = attempts.context["cl"].result_list
    admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert _try(client, "organiser", "the-right-password").status_code == 302
