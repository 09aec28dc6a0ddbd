"""Partners manage their own webhook subscriptions through the API (partners.api.webhooks)."""

import pytest

from notifications.models import WebhookSubscription
from tests.factories import EditionFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

WEBHOOKS = "/api/v1/webhooks/"


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


@pytest.mark.parametrize("count", [1, 5])
def test_webhook_detail_query_count_constant(key_client, partner, settings, django_assert_num_queries, count) -> None:
    subscription = WebhookSubscription.objects.create(
        organisation=partner, url="https://a.example.org/h", events=["agenda.published"], secret="s"
    )
    subscription.editions.set(EditionFactory.create_batch(count))
    client = key_client(["webhooks:manage"])
    url = f"{WEBHOOKS}{subscription.pk}/"
    client.get(url)  # first use records last_used_at
    day_count = 0 if settings.REDIS_URL else 1  # partners.quotas counts in Redis when there is one
    # the key with its organisation, the day's count, the subscription, its editions
    with django_assert_num_queries(3 + day_count):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["editions"]) == count
