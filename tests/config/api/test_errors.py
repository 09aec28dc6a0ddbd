"""The API's JSON 404 (config.api.errors) for unknown URLs and ids beyond any row."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_api_url_is_json_404(client) -> None:
    for url in ["/api/v1/nothing/", "/api/v1/sessions/0.5/", "/api/v1/editions/a%0Ab/agenda/"]:
        response = client.put(url, "{}", content_type="application/json")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_huge_ids_in_path_are_404(client, edition) -> None:
    assert client.get("/api/v1/sessions/99999999999999999999999/").status_code == 404
    assert client.get("/api/v1/sub-forums/99999999999999999999999/").status_code == 404
