"""Request bodies the API cannot use answer 400 (or 413) with the API's error body, never 500:
JSON nested beyond any sense, bodies beyond the upload limit, NUL characters in any field."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from attendees.models import Registration
from config.api.parsers import MAX_DEPTH
from notifications.models import WebhookSubscription
from tests.factories import RegistrationTypeFactory, SubForumFactory

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"
WEBHOOKS = "/api/v1/webhooks/"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("url", [REGISTRATIONS, WEBHOOKS])
@pytest.mark.parametrize("depth", [100_000, MAX_DEPTH + 1])
def test_deeply_nested_json_is_400_with_the_error_body(key_client, edition, url, depth) -> None:
    response = key_client().post(url, nested(depth), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert f"at most {MAX_DEPTH} levels" in body["detail"]


def test_nesting_within_the_bound_reaches_the_serializer(key_client, edition) -> None:
    body = json.dumps({"name": json.loads(nested(MAX_DEPTH - 1))})
    response = key_client().post(REGISTRATIONS, body, content_type="application/json")
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_body_beyond_the_upload_limit_is_413(key_client, edition, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    body = json.dumps({"url": "https://a.example.org/" + "x" * 1_000, "events": ["agenda.published"]})
    response = key_client().post(WEBHOOKS, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not WebhookSubscription.objects.exists()


def test_nul_in_a_webhooks_editions_is_a_field_error(key_client, edition) -> None:
    body = {"url": "https://a.example.org/h", "events": ["agenda.published"], "editions": ["a\x00b"]}
    response = key_client().post(WEBHOOKS, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == {"editions": ["Null characters are not allowed."]}


def string_values(component: dict, schemas: dict) -> dict:
    """A body for a request component with a NUL in every string (or list of strings) it documents."""
    body = {}
    for name, prop in component["properties"].items():
        if prop.get("readOnly"):
            continue
        items = prop.get("items", {})
        if prop.get("type") == "array" and (items.get("type") == "string" or "$ref" in items):
            body[name] = ["a\x00b"]
        elif prop.get("type") == "string" or "$ref" in prop:
            body[name] = "a\x00b"
    return body


def test_every_write_operation_refuses_nul_in_each_of_its_text_fields(key_client, edition, partner) -> None:
    RegistrationTypeFactory(edition=edition, slug="delegate")
    hook = WebhookSubscription.objects.create(
        organisation=partner, url="https://a.example.org/h", events=["agenda.published"], secret="s"
    )
    schema = Client().get("/api/schema/", {"format": "json"}).json()
    client = key_client()
    checked = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method not in {"post", "put", "patch"}:
                continue
            ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
            component = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
            for field, value in string_values(component, schema["components"]["schemas"]).items():
                url = path.replace("{id}", str(hook.pk))
                response = getattr(client, method)(
                    url, {field: value}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
                )
                assert response.status_code == 400, (method, path, field, response.content)
                assert response.json()["errors"][field] == ["Null characters are not allowed."], (method, path, field)
                checked.append((method, path, field))
    assert ("post", REGISTRATIONS, "name") in checked
    assert ("patch", WEBHOOKS + "{id}/", "editions") in checked
    assert not Registration.objects.exists()


def test_a_sub_forum_that_needs_no_registration_is_a_400_saying_so(key_client, edition) -> None:
    RegistrationTypeFactory(edition=edition, slug="delegate")
    open_to_all = SubForumFactory(edition=edition, requires_registration=False, title_en="Opening plenary")
    body = {
        "edition": edition.slug,
        "registration_type": "delegate",
        "name": "Li",
        "email": "li@example.org",
        "sub_forums": [open_to_all.pk],
    }
    response = key_client().post(REGISTRATIONS, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    message = "“Opening plenary” needs no registration: everyone may attend it."
    assert response.json() == {
        "detail": message,
        "code": "no_registration_needed",
        "errors": {"sub_forums": [message]},
    }
    assert not Registration.objects.exists()
