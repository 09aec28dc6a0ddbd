"""The served OpenAPI schema is something a generated client can trust: OpenAPI 3.1,
English whatever the visitor's language, real descriptions, documented headers and
statuses, one operation per export format."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

SCHEMA = "/api/schema/"


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict[str, Any]:
    with django_db_blocker.unblock():
        return Client().get(SCHEMA, {"format": "json"}).json()


def operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


def walk(value: Any) -> list[dict[str, Any]]:
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def test_schema_is_the_same_english_whatever_the_language(client) -> None:
    bodies = {
        client.get(SCHEMA, {"format": "json"}, **headers).content
        for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}, {"HTTP_ACCEPT_LANGUAGE": "en"})
    }
    bodies.add(client.get(SCHEMA, {"format": "json", "lang": "zh-hans"}).content)
    assert len(bodies) == 1
    text = bodies.pop().decode()
    # Chinese only where a language names itself (the language enum's "简体中文").
    assert set(re.findall(r"[\u4e00-\u9fff]+", text)) == {"简体中文"}
    components = json.loads(text)["components"]["schemas"]
    assert "`pending` - Pending" in components["RegistrationStatusEnum"]["description"]
    assert client.get(SCHEMA, HTTP_ACCEPT_LANGUAGE="zh-hans")["Content-Language"] == "en"


def test_openapi_3_1_nullable_references(schema) -> None:
    assert schema["openapi"].startswith("3.1")
    assert "3.1" in schema["info"]["description"]
    assert not [node for node in walk(schema) if "nullable" in node]
    venue = schema["components"]["schemas"]["Edition"]["properties"]["venue"]
    assert venue["oneOf"] == [{"$ref": "#/components/schemas/Venue"}, {"type": "null"}]
    # No reference is wrapped in a lone allOf beside other keywords that a 3.0 reader would ignore.
    assert not [node for node in walk(schema) if "allOf" in node and len(node["allOf"]) == 1 and "nullable" in node]


@pytest.mark.parametrize("component", ["Forum", "Organisation", "Speaker"])
def test_a_website_that_may_be_empty_is_any_of(schema, component) -> None:
    website = schema["components"]["schemas"][component]["properties"]["website"]
    assert "oneOf" not in website
    assert {"type": "string", "maxLength": 0} in website["anyOf"]
    blank_one_ofs = [
        node
        for node in walk(schema)
        if "oneOf" in node and any(alt == {"type": "string", "maxLength": 0} for alt in node["oneOf"])
    ]
    assert blank_one_ofs == []


def test_one_operation_per_export_format_with_its_media_types(schema) -> None:
    base = "/api/v1/editions/{slug}/agenda/export/"
    assert sorted(p for p in schema["paths"] if p.startswith(base)) == [
        base + f"{fmt}/" for fmt in ("frab-json", "frab-xml", "ics", "json")
    ]

    def media(fmt: str) -> dict[str, Any]:
        return {
            media_type: body["schema"]
            for media_type, body in schema["paths"][f"{base}{fmt}/"]["get"]["responses"]["200"]["content"].items()
        }

    assert media("ics") == {"text/calendar": {"type": "string"}}
    assert media("frab-xml") == {"application/xml": {"type": "string"}, "text/xml": {"type": "string"}}
    assert list(media("json")) == list(media("frab-json")) == ["application/json"]
    ics_parameters = {p["name"] for p in schema["paths"][f"{base}ics/"]["get"]["parameters"]}
    json_parameters = {p["name"] for p in schema["paths"][f"{base}json/"]["get"]["parameters"]}
    assert "sub_forum" in ics_parameters
    assert "sub_forum" not in json_parameters


def _view_classes(patterns: list) -> list[type]:
    found = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found += _view_classes(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
            if view is not None:
                found.append(view)
    return found


def test_every_operation_has_a_summary_and_a_description_that_is_no_docstring(schema) -> None:
    docstrings = {
        " ".join(klass.__doc__.split())
        for view in _view_classes(get_resolver().url_patterns)
        for klass in view.__mro__
        if klass.__doc__ and klass.__module__.split(".")[0] in {"config", "forums", "sessions", "attendees", "partners"}
    }
    assert docstrings  # the views have docstrings for developers
    for method, path, operation in operations(schema):
        assert operation.get("summary"), (method, path)
        description = " ".join(operation.get("description", "").split())
        assert description, (method, path)
        assert not [d for d in docstrings if d in description], (method, path)
        assert "ApiViewMixin" not in description


def headers_of(schema, path: str, method: str, status: str) -> set[str]:
    return set(schema["paths"][path][method]["responses"][status].get("headers", {}))


def test_response_headers_are_documented(schema) -> None:
    agenda = "/api/v1/editions/{slug}/agenda/"
    for path in (agenda, agenda + "export/ics/", agenda + "export/frab-xml/"):
        assert {"ETag", "Cache-Control"} <= headers_of(schema, path, "get", "200")
        assert {"ETag", "Cache-Control"} <= headers_of(schema, path, "get", "304")
    registrations = "/api/v1/registrations/"
    assert headers_of(schema, registrations, "post", "201") == {"Idempotent-Replayed"}
    assert "Retry-After" in headers_of(schema, registrations, "post", "503")
    for method, path, operation in operations(schema):
        assert "Retry-After" in operation["responses"]["429"].get("headers", {}), (method, path)


def test_over_long_query_strings_and_bodies_are_documented(schema) -> None:
    for method, path, operation in operations(schema):
        assert "414" in operation["responses"], (method, path)
        if method in {"post", "put", "patch"}:
            assert "413" in operation["responses"], (method, path)


def test_the_registration_refusals_are_listed_with_no_registration_needed(schema) -> None:
    description = schema["paths"]["/api/v1/registrations/"]["post"]["responses"]["400"]["description"]
    for code in ("duplicate", "full", "overlap", "no_registration_needed"):
        assert f"`{code}`" in description
    assert "`try_again`" not in description
