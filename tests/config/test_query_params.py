"""Ids typed into query strings: anything that is not one is ignored, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse

from config.query_params import parse_id, parse_ids
from tests.factories import SubForumFactory

ODD = ["", "abc", "²", "٣", "-1", "1.0", " 7", "9" * 19, "9" * 5000]


@pytest.mark.parametrize("value", [None, *ODD])
def test_what_is_not_an_id_is_none(value) -> None:
    assert parse_id(value) is None


def test_ids_keep_only_ids() -> None:
    assert parse_ids("3,abc,²,12,,3") == {3, 12}
    assert parse_ids(None) == set()


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
def test_odd_ids_in_page_query_strings_are_ignored(client, admin_client, value) -> None:
    edition = SubForumFactory().edition
    done = client.get(reverse("attendees:registered", args=[edition.slug]), {"waiting": value})
    assert done.status_code == 200
    door = admin_client.get(
        reverse("attendees:checkin", args=[edition.slug]), {"door": value}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert door.status_code == 200
    assert '<strong aria-current="page">Main entrance</strong>' in door.content.decode()
