"""Partner API keys (partners.authentication): stored hashed, sent in either header,
refused when bad, revoked or expired; each scope opens only its endpoints."""

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from partners.models import ApiKey
from partners.services import revoke_api_key

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"
WEBHOOKS = "/api/v1/webhooks/"


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
