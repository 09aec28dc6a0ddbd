"""A key limited to forums or editions reads only their registrations, and its
Idempotency-Key answers are its own: another key never replays them."""

from __future__ import annotations

import pytest
from django.test import Client

from attendees.models import Registration
from partners.models import IdempotencyRecord
from tests.factories import EditionFactory, RegistrationFactory, RegistrationTypeFactory

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"


@pytest.fixture
def two_editions(edition, partner):
    """The partner's registrations in ``edition`` (wuhu-2030) and in another forum's edition."""
    other = EditionFactory(slug="hefei-2030")
    here = RegistrationFactory(edition=edition, partner=partner, code="HERE1")
    there = RegistrationFactory(edition=other, partner=partner, code="THERE1")
    return edition, other, here, there


def listed_codes(client: Client) -> list[str]:
    response = client.get(REGISTRATIONS)
    assert response.status_code == 200
    return sorted(r["code"] for r in response.json()["results"])


def test_key_limited_to_an_edition_lists_and_reads_only_its_registrations(key_client, two_editions) -> None:
    edition, _other, here, there = two_editions
    limited = key_client(["registrations:read"], editions=[edition])
    assert listed_codes(limited) == ["HERE1"]
    assert limited.get(REGISTRATIONS, {"edition": "hefei-2030"}).json()["count"] == 0
    assert limited.get(f"{REGISTRATIONS}{here.code}/").status_code == 200
    refused = limited.get(f"{REGISTRATIONS}{there.code}/")
    assert refused.status_code == 404
    assert refused.json()["code"] == "not_found"


def test_key_limited_to_a_forum_lists_only_its_editions_registrations(key_client, two_editions) -> None:
    _edition, other, _here, there = two_editions
    limited = key_client(["registrations:read"], forums=[other.forum])
    assert listed_codes(limited) == ["THERE1"]
    assert limited.get(f"{REGISTRATIONS}{there.code}/").status_code == 200


def test_key_without_limits_lists_every_registration_of_its_partner(key_client, two_editions) -> None:
    assert listed_codes(key_client(["registrations:read"])) == ["HERE1", "THERE1"]


def test_key_limited_to_both_a_forum_and_an_edition_sees_either(key_client, two_editions) -> None:
    edition, other, _here, _there = two_editions
    assert listed_codes(key_client(["registrations:read"], editions=[edition], forums=[other.forum])) == [
        "HERE1",
        "THERE1",
    ]


def registration_body(edition, n: int = 0) -> dict:
    return {"edition": edition.slug, "registration_type": "delegate", "name": f"Li {n}", "email": f"li{n}@example.org"}


def test_another_keys_idempotent_answer_is_not_replayed(make_key, edition) -> None:
    other = EditionFactory(slug="hefei-2030")
    RegistrationTypeFactory(edition=other, slug="delegate")
    _wide, wide_plain = make_key()
    _narrow, narrow_plain = make_key(editions=[edition])
    wide = Client(HTTP_AUTHORIZATION=f"Bearer {wide_plain}")
    narrow = Client(HTTP_AUTHORIZATION=f"Bearer {narrow_plain}")
    args = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "order-17"}

    first = wide.post(REGISTRATIONS, registration_body(other), **args)
    assert first.status_code == 201
    # The same request with the same Idempotency-Key from a key limited to another edition:
    # refused by its own limits, never handed the other key's stored registration.
    replay = narrow.post(REGISTRATIONS, registration_body(other), **args)
    assert replay.status_code == 403
    assert "Idempotent-Replayed" not in replay
    assert first.json()["code"] not in replay.content.decode()
    assert Registration.objects.count() == 1


def test_same_idempotency_key_on_two_keys_of_one_partner_runs_twice(make_key, edition) -> None:
    RegistrationTypeFactory(edition=edition, slug="delegate")
    clients = [Client(HTTP_AUTHORIZATION=f"Bearer {make_key()[1]}") for _ in range(2)]
    args = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "same"}
    answers = [c.post(REGISTRATIONS, registration_body(edition, n), **args) for n, c in enumerate(clients)]
    assert [a.status_code for a in answers] == [201, 201]
    assert [a.has_header("Idempotent-Replayed") for a in answers] == [False, False]
    assert Registration.objects.count() == 2
    assert IdempotencyRecord.objects.filter(key="same").count() == 2
