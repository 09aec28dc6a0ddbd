"""Registering through the partner API: the registration rules, a partner's own registrations, idempotent retries."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from attendees.exceptions import TryAgainError
from attendees.models import Registration
from partners.api import registrations as views
from partners.models import IdempotencyRecord
from tests.factories import (
    EditionFactory,
    OrganisationFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"


@pytest.fixture
def reg_type(edition):
    return RegistrationTypeFactory(edition=edition, slug="delegate", capacity=2, waitlist_enabled=True)


def payload(edition, n: int = 0, **extra) -> dict:
    return {
        "edition": edition.slug,
        "registration_type": "delegate",
        "name": f"Li {n}",
        "email": f"li{n}@example.org",
        **extra,
    }


# --- registrations ----------------------------------------------------------------------


def test_register_through_the_api(key_client, edition, reg_type, partner, django_capture_on_commit_callbacks) -> None:
    sub_forum = SubForumFactory(edition=edition, capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        response = key_client().post(
            REGISTRATIONS, payload(edition, sub_forums=[sub_forum.pk]), content_type="application/json"
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["sub_forums"][0]["sub_forum"] == sub_forum.pk
    registration = Registration.objects.get(code=body["code"])
    assert registration.partner == partner
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["li0@example.org"]


def test_register_waitlists_when_full(key_client, edition, reg_type) -> None:
    partner = key_client()
    statuses = [
        partner.post(REGISTRATIONS, payload(edition, n), content_type="application/json").json()["status"]
        for n in range(3)
    ]
    assert statuses == ["pending", "pending", "waitlisted"]


def test_registration_rules_are_field_errors(key_client, edition, reg_type) -> None:
    partner = key_client()
    assert partner.post(REGISTRATIONS, payload(edition), content_type="application/json").status_code == 201
    duplicate = partner.post(REGISTRATIONS, payload(edition), content_type="application/json")
    assert duplicate.status_code == 400
    assert duplicate.json()["code"] == "duplicate"
    assert list(duplicate.json()["errors"]) == ["email"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"edition": "nope"}, "edition"),
        ({"registration_type": "nope"}, "registration_type"),
        ({"email": "not-an-email"}, "email"),
        ({"sub_forums": [999999]}, "sub_forums"),
        ({"name": ""}, "name"),
        ({"language": "fr"}, "language"),
    ],
)
def test_registration_bad_input(key_client, edition, reg_type, change, field) -> None:
    response = key_client().post(REGISTRATIONS, {**payload(edition), **change}, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_registration_bad_json_and_media_type(key_client, edition) -> None:
    partner = key_client()
    bad_json = partner.post(REGISTRATIONS, "{not json", content_type="application/json")
    assert bad_json.status_code == 400
    assert bad_json.json()["code"] == "parse_error"
    assert partner.post(REGISTRATIONS, "a=b", content_type="text/plain").status_code == 415


def test_status_and_capacity_fields_are_read_only(key_client, edition, reg_type) -> None:
    response = key_client().post(
        REGISTRATIONS, payload(edition, status="confirmed", seats_taken=0), content_type="application/json"
    )
    assert response.json()["status"] == "pending"
    types = key_client().get(f"/api/v1/editions/{edition.slug}/registration-types/").json()["results"]
    assert types[0]["seats_left"] == 1


def test_partner_sees_only_own_registrations(key_client, make_key, edition, reg_type) -> None:
    mine = key_client()
    code = mine.post(REGISTRATIONS, payload(edition, 1), content_type="application/json").json()["code"]
    other_partner = OrganisationFactory()
    _key, other_plain = make_key(organisation=other_partner)
    theirs = Client(HTTP_AUTHORIZATION=f"Bearer {other_plain}")
    their_code = theirs.post(REGISTRATIONS, payload(edition, 2), content_type="application/json").json()["code"]
    assert [r["code"] for r in mine.get(REGISTRATIONS).json()["results"]] == [code]
    assert mine.get(f"{REGISTRATIONS}{code}/").status_code == 200
    assert mine.get(f"{REGISTRATIONS}{their_code}/").status_code == 404
    assert theirs.get(f"{REGISTRATIONS}{code}/").status_code == 404


def test_key_limited_to_other_edition_cannot_register(key_client, edition, reg_type) -> None:
    partner = key_client(editions=[EditionFactory()])
    response = partner.post(REGISTRATIONS, payload(edition), content_type="application/json")
    assert response.status_code == 403
    assert not Registration.objects.exists()


@pytest.mark.parametrize("size", [1, 20])
def test_registrations_list_query_count(key_client, edition, reg_type, partner, django_assert_max_num_queries, size):
    for _ in range(size):
        SubForumChoiceFactory(registration=RegistrationFactory(edition=edition, partner=partner))
    client = key_client(["registrations:read"])
    client.get(REGISTRATIONS)  # first use records last_used_at
    with django_assert_max_num_queries(5):
        response = client.get(REGISTRATIONS)
    assert response.json()["count"] == size


# --- idempotency ------------------------------------------------------------------------


def test_idempotent_retry_registers_once(key_client, edition, reg_type) -> None:
    partner = key_client()
    first = partner.post(REGISTRATIONS, payload(edition), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    again = partner.post(REGISTRATIONS, payload(edition), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Registration.objects.count() == 1


def test_idempotency_key_with_other_body_is_422(key_client, edition, reg_type) -> None:
    partner = key_client()
    partner.post(REGISTRATIONS, payload(edition, 1), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    response = partner.post(
        REGISTRATIONS, payload(edition, 2), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Registration.objects.count() == 1


def test_idempotency_keys_are_per_partner(key_client, make_key, edition, reg_type) -> None:
    key_client().post(REGISTRATIONS, payload(edition, 1), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k")
    _key, other = make_key(organisation=OrganisationFactory())
    response = Client(HTTP_AUTHORIZATION=f"Bearer {other}").post(
        REGISTRATIONS, payload(edition, 2), content_type="application/json", HTTP_IDEMPOTENCY_KEY="k"
    )
    assert response.status_code == 201
    assert IdempotencyRecord.objects.count() == 2


def test_refused_registration_is_replayed_too(key_client, edition, reg_type) -> None:
    partner = key_client()
    partner.post(REGISTRATIONS, payload(edition), content_type="application/json")
    args = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "dup"}
    first = partner.post(REGISTRATIONS, payload(edition), **args)
    again = partner.post(REGISTRATIONS, payload(edition), **args)
    assert first.status_code == again.status_code == 400
    assert again.json() == first.json()


def test_try_again_is_503_with_retry_after_and_a_retry_with_the_same_key_registers(
    key_client, edition, reg_type, monkeypatch
) -> None:
    real = views.register_attendee
    calls = []

    def busy_once(**kwargs):  # the type's row was locked too long, the first time only
        calls.append(kwargs)
        if len(calls) == 1:
            raise TryAgainError
        return real(**kwargs)

    monkeypatch.setattr(views, "register_attendee", busy_once)
    partner = key_client()
    args = {"content_type": "application/json", "HTTP_IDEMPOTENCY_KEY": "retry-me", "HTTP_ACCEPT_LANGUAGE": "en"}
    first = partner.post(REGISTRATIONS, payload(edition), **args)
    assert (first.status_code, first["Retry-After"], first.json()["code"]) == (503, "1", "try_again")
    assert Registration.objects.count() == 0

    again = partner.post(REGISTRATIONS, payload(edition), **args)
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert Registration.objects.count() == 1
    replayed = partner.post(REGISTRATIONS, payload(edition), **args)
    assert (replayed.status_code, replayed["Idempotent-Replayed"]) == (201, "true")


def test_idempotency_key_too_long_is_400(key_client, edition, reg_type) -> None:
    response = key_client().post(
        REGISTRATIONS, payload(edition), content_type="application/json", HTTP_IDEMPOTENCY_KEY="x" * 300
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_retries_register_once(make_key, reg_type) -> None:
    edition = reg_type.edition
    _key, plaintext = make_key()
    results: list[int] = []

    def post() -> None:
        client = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
        response = client.post(
            REGISTRATIONS, payload(edition), content_type="application/json", HTTP_IDEMPOTENCY_KEY="same"
        )
        results.append(response.status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Registration.objects.count() == 1
    assert set(results) <= {201, 409}
    assert 201 in results


@pytest.mark.parametrize("count", [1, 5])
def test_registration_detail_query_count_constant(key_client, partner, settings, django_assert_num_queries, count):
    registration = RegistrationFactory(partner=partner)
    edition = registration.edition
    for n in range(count):
        SubForumChoiceFactory(
            registration=registration,
            sub_forum=SubForumFactory(edition=edition, start=edition.start + dt.timedelta(hours=3 * n)),
        )
    client = key_client(["registrations:read"])
    url = f"{REGISTRATIONS}{registration.code}/"
    client.get(url)  # first use records last_used_at
    day_count = 0 if settings.REDIS_URL else 1  # partners.quotas counts in Redis when there is one
    # the key with its organisation, the day's count, the registration with its edition and type, its choices
    with django_assert_num_queries(3 + day_count):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["sub_forums"]) == count
