import datetime as dt
import hashlib
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from attendees.models import Registration
from notifications.models import WebhookSubscription
from partners import quotas
from partners.models import ApiKey, ApiKeyUsage, IdempotencyRecord
from partners.services import revoke_api_key
from tests.factories import EditionFactory, OrganisationFactory, RegistrationTypeFactory, SubForumFactory

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"
WEBHOOKS = "/api/v1/webhooks/"


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


# --- keys ---------------------------------------------------------------------------


def test_key_is_stored_hashed(make_key) -> None:
    key, plaintext = make_key()
    prefix, secret = plaintext.split(".", 1)
    assert key.prefix == prefix
    assert key.hashed_secret == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiKey.objects.values().get(pk=key.pk))


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_X_API_KEY"])
def test_key_in_either_header(make_key, edition, header) -> None:
    _key, plaintext = make_key(["registrations:read"])
    value = f"Bearer {plaintext}" if header == "HTTP_AUTHORIZATION" else plaintext
    assert Client(**{header: value}).get(REGISTRATIONS).status_code == 200


@pytest.mark.parametrize(
    "value", ["Bearer nonsense", "Bearer abc.def", "Basic dXNlcjpwYXNz", "Bearer ", "Bearer a.b.c.d\x7f"]
)
def test_bad_keys_are_401(edition, value) -> None:
    response = Client(HTTP_AUTHORIZATION=value).get(REGISTRATIONS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert response.json()["code"] in {"authentication_failed", "not_authenticated"}


def test_wrong_secret_for_a_known_prefix_is_401(make_key) -> None:
    key, _plaintext = make_key()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key.prefix}.wrong").get(REGISTRATIONS).status_code == 401


def test_no_key_on_partner_endpoint_is_401(client) -> None:
    assert client.get(REGISTRATIONS).status_code == 401
    assert client.get(WEBHOOKS).status_code == 401


def test_revoked_key_is_refused_at_once(make_key) -> None:
    key, plaintext = make_key()
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert partner.get(REGISTRATIONS).status_code == 200
    revoke_api_key(api_key=key)
    response = partner.get(REGISTRATIONS, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert "吊销" in partner.get(REGISTRATIONS, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["detail"]


def test_expired_key_is_401(key_client) -> None:
    partner = key_client(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = partner.get(REGISTRATIONS, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]
    assert "过期" in partner.get(REGISTRATIONS, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["detail"]


def test_bad_key_on_public_endpoint_is_401_but_no_key_is_fine(client, edition) -> None:
    assert client.get("/api/v1/editions/").status_code == 200
    assert Client(HTTP_X_API_KEY="zz.zz").get("/api/v1/editions/").status_code == 401


# --- scopes: URL x scopes x expected status ---------------------------------------------

SCOPE_MATRIX = [
    ("get", REGISTRATIONS, [], 403),
    ("get", REGISTRATIONS, ["registrations:write"], 403),
    ("get", REGISTRATIONS, ["registrations:read"], 200),
    ("post", REGISTRATIONS, ["registrations:read"], 403),
    ("get", WEBHOOKS, ["registrations:read"], 403),
    ("get", WEBHOOKS, ["webhooks:manage"], 200),
    ("get", "/api/v1/editions/", ["registrations:read"], 403),
    ("get", "/api/v1/editions/", ["agenda:read"], 200),
]


@pytest.mark.parametrize(("method", "url", "scopes", "expected"), SCOPE_MATRIX)
def test_scope_matrix(key_client, edition, method, url, scopes, expected) -> None:
    response = getattr(key_client(scopes), method)(url, {}, content_type="application/json")
    assert response.status_code == expected
    if expected == 403:
        assert response.json()["code"] == "permission_denied"


# --- quotas -----------------------------------------------------------------------------


def test_quota_in_database_gives_429_with_retry_after(make_key, settings) -> None:
    settings.REDIS_URL = ""
    key, plaintext = make_key(daily_quota=2)
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert [partner.get(REGISTRATIONS).status_code for _ in range(3)] == [200, 200, 429]
    response = partner.get(REGISTRATIONS)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 86401
    assert response.json()["code"] == "throttled"
    assert ApiKeyUsage.objects.get(api_key=key).count == 4


def test_retry_after_is_seconds_to_utc_midnight() -> None:
    now = dt.datetime(2030, 1, 1, 23, 59, 0, tzinfo=dt.UTC)
    assert quotas.seconds_until_utc_midnight(now) == 61


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_quota_counts_per_utc_day(make_key, settings, request, backend) -> None:
    settings.REDIS_URL = request.getfixturevalue("redis_url") if backend == "redis" else ""
    key, _ = make_key(daily_quota=1)
    today = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)
    assert quotas.consume(key, today).allowed
    assert not quotas.consume(key, today).allowed
    assert quotas.consume(key, today + dt.timedelta(days=1)).allowed


@pytest.mark.redis
def test_quota_in_redis(make_key, redis_url, settings) -> None:
    settings.REDIS_URL = redis_url
    key, plaintext = make_key(daily_quota=2)
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert [partner.get(REGISTRATIONS).status_code for _ in range(3)] == [200, 200, 429]
    assert not ApiKeyUsage.objects.exists()
    assert quotas.usage_today(key) == 3
    ttl = quotas._redis_client(redis_url).ttl(f"agora:quota:{key.prefix}:{timezone.now().astimezone(dt.UTC).date()}")
    assert 0 < ttl <= 86400 + 61


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_quota_counter_is_atomic_under_concurrency(make_key, settings) -> None:
    settings.REDIS_URL = ""
    key, _ = make_key(daily_quota=1000)

    def hit() -> None:
        for _ in range(10):
            quotas.consume(key)
        connection.close()

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert ApiKeyUsage.objects.get(api_key=key).count == 80


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
    from tests.factories import RegistrationFactory, SubForumChoiceFactory

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
    from attendees.exceptions import TryAgainError
    from partners.api import registrations as views

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


# --- webhooks ---------------------------------------------------------------------------


def test_webhook_secret_shown_once(key_client, partner) -> None:
    client = key_client(["webhooks:manage"])
    body = {"url": "https://partner.example.org/hook", "events": ["agenda.published"]}
    created = client.post(WEBHOOKS, body, content_type="application/json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert len(secret) >= 32
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret == secret
    assert subscription.organisation == partner
    listed = client.get(WEBHOOKS).json()["results"]
    assert "secret" not in listed[0]
    assert "secret" not in client.get(f"{WEBHOOKS}{subscription.pk}/").json()


def test_webhook_update_and_delete(key_client) -> None:
    client = key_client(["webhooks:manage"])
    created = client.post(
        WEBHOOKS, {"url": "https://a.example.org/h", "events": ["agenda.published"]}, content_type="application/json"
    ).json()
    url = f"{WEBHOOKS}{created['id']}/"
    patched = client.patch(url, {"is_active": False}, content_type="application/json")
    assert patched.json()["is_active"] is False
    assert client.delete(url).status_code == 204
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "http://insecure.example.org/h", "events": ["agenda.published"]}, "url"),
        ({"url": "https://a.example.org/h", "events": ["nope"]}, "events"),
        ({"url": "https://a.example.org/h", "events": []}, "events"),
        ({"url": "https://a.example.org/h", "events": ["agenda.published"], "editions": ["nope"]}, "editions"),
    ],
)
def test_webhook_bad_input(key_client, body, field) -> None:
    response = key_client(["webhooks:manage"]).post(WEBHOOKS, body, content_type="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_other_partners_webhook_is_404(key_client, make_key) -> None:
    other = WebhookSubscription.objects.create(
        organisation=OrganisationFactory(), url="https://b.example.org", events=["agenda.published"], secret="s"
    )
    client = key_client(["webhooks:manage"])
    assert client.get(f"{WEBHOOKS}{other.pk}/").status_code == 404
    assert client.delete(f"{WEBHOOKS}{other.pk}/").status_code == 404
    assert WebhookSubscription.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(("value", "status", "count"), [("true", 200, 1), ("false", 200, 0), ("AAA", 400, None)])
def test_webhook_list_filter_is_strict(key_client, partner, value, status, count) -> None:
    WebhookSubscription.objects.create(organisation=partner, url="https://a.example.org", events=[], secret="s")
    response = key_client(["webhooks:manage"]).get(WEBHOOKS, {"is_active": value})
    assert response.status_code == status
    if count is not None:
        assert response.json()["count"] == count


@pytest.mark.parametrize("size", [1, 20])
def test_webhooks_list_query_count(key_client, partner, django_assert_max_num_queries, size) -> None:
    for n in range(size):
        WebhookSubscription.objects.create(organisation=partner, url=f"https://{n}.example.org", events=[], secret="s")
    client = key_client(["webhooks:manage"])
    client.get(WEBHOOKS)
    with django_assert_max_num_queries(5):
        response = client.get(WEBHOOKS)
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", [1, 20])
def test_registration_types_list_query_count(client, edition, django_assert_max_num_queries, size) -> None:
    for n in range(size):
        RegistrationTypeFactory(edition=edition, slug=f"t{n}")
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/v1/editions/{edition.slug}/registration-types/")
    assert response.json()["count"] == size
