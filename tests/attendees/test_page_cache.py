"""The registration form's per-process copy of the edition never shows or accepts stale rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from attendees import page_cache
from attendees.models import Registration
from forums.enums import EditionStatus
from forums.services import set_edition_status
from tests.factories import RegistrationTypeFactory, SubForumFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _url(edition) -> str:
    return reverse("attendees:register", args=[edition.slug])


def _form(reg_type, email="wang.fang@example.org", **extra):
    return {"registration_type": reg_type.pk, "name": "Wang Fang", "email": email, "language": "en", **extra}


def test_held_edition_costs_one_query(client, edition, reg_type, sub_forum, django_assert_num_queries) -> None:
    with django_assert_num_queries(4):  # stamps, then the edition, its sub-forums, its types
        assert client.get(_url(edition), **EN).status_code == 200
    with django_assert_num_queries(1):  # stamps and places only
        assert client.get(_url(edition), **EN).status_code == 200


def test_closing_registration_takes_effect_at_once(client, edition, reg_type) -> None:
    assert client.get(_url(edition), **EN).status_code == 200
    set_edition_status(edition=edition, status=EditionStatus.CLOSED)

    response = client.post(_url(edition), _form(reg_type), **EN)

    assert "Registration for this edition is closed." in response.content.decode()
    assert not Registration.objects.exists()


def test_places_left_are_read_fresh(client, edition, reg_type, sub_forum, register) -> None:
    assert "2 places left" in client.get(_url(edition), **EN).content.decode()
    register(1, sub_forums=[sub_forum])
    register(2, sub_forums=[sub_forum])

    body = client.get(_url(edition), **EN).content.decode()

    assert "2 places left" not in body
    label = next(line for line in body.splitlines() if sub_forum.title_en in line and "·" in line)
    assert "waiting list" in label


def test_edited_and_added_rows_are_shown(client, edition, reg_type, sub_forum) -> None:
    client.get(_url(edition), **EN)
    sub_forum.title_en = "Renamed sub-forum"
    sub_forum.save()
    RegistrationTypeFactory(edition=edition, name_en="Press")
    added = SubForumFactory(edition=edition, start=sub_forum.end, title_en="Late addition")

    body = client.get(_url(edition), **EN).content.decode()

    assert "Renamed sub-forum" in body
    assert "Press" in body
    assert "Late addition" in body
    added.delete()
    assert "Late addition" not in client.get(_url(edition), **EN).content.decode()


def test_unpublished_edition_answers_404_even_when_held(client, edition, reg_type) -> None:
    client.get(_url(edition), **EN)
    edition.status = EditionStatus.DRAFT  # a data fix: the status rules only go forward
    edition.save()

    assert client.get(_url(edition), **EN).status_code == 404


def test_each_request_gets_its_own_copies(edition, reg_type, sub_forum) -> None:
    first = page_cache.registration_page(edition.slug)
    first.sub_forums[0].title = "changed by one request"
    first.registration_types[0].seats_taken = 99

    second = page_cache.registration_page(edition.slug)

    assert second.sub_forums[0].title == sub_forum.title
    assert second.registration_types[0].seats_taken == 0
    assert second.edition is not first.edition
