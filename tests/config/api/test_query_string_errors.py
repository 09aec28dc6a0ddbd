"""Query strings the API cannot use answer 400 (or 414) naming the parameter, never 500."""

from __future__ import annotations

import pytest

from config.api.base import MAX_QUERY_STRING_LENGTH

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/api/v1/sessions/", "/api/v1/speakers/"])
@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01T00:00:00+20:00",
        "2026-01-01T00:00:00-16:00",
        "0001-01-01T00:00:00+01:00",
        "2026-02-30T00:00:00Z",
        "2026-01-01",
        "yesterday",
    ],
)
def test_changed_since_out_of_range_or_malformed_is_400(client, edition, url, value) -> None:
    response = client.get(url, {"changed_since": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["changed_since"]


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("2000-01-01T00:00:00Z", 4),
        ("2000-01-01T00:00:00+15:59", 4),
        ("2000-01-01T00:00:00-15:59", 4),
        ("2000-01-01T00:00", 4),
        ("2999-12-31T23:59:59.999999+08:00", 0),
    ],
)
def test_changed_since_in_iso_8601_filters(client, edition, value, count) -> None:
    response = client.get("/api/v1/sessions/", {"changed_since": value})
    assert response.status_code == 200
    assert response.json()["count"] == count


def test_empty_sub_forum_on_the_calendar_export_is_400(client, edition, publish) -> None:
    publish(edition)
    url = f"/api/v1/editions/{edition.slug}/agenda/export/ics/"
    response = client.get(url, {"sub_forum": ""})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sub_forum"]
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/sessions/", "/api/v1/registrations/", "/api/v1/editions/wuhu-2030/agenda/"])
def test_over_long_query_string_is_414_with_the_error_body(key_client, edition, url) -> None:
    response = key_client().get(url, {"search": "x" * 20_000}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 414
    body = response.json()
    assert body["code"] == "query_string_too_long"
    assert f"at most {MAX_QUERY_STRING_LENGTH} characters" in body["detail"]


def test_query_string_at_the_limit_is_read(client, edition) -> None:
    search = "x" * (MAX_QUERY_STRING_LENGTH - len("search="))
    response = client.get("/api/v1/sessions/", {"search": search})
    assert response.status_code == 200
    assert response.json()["count"] == 0
