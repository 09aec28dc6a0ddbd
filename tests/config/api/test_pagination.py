"""The API's paging (config.api.pagination): a capped page size, 400 for malformed paging, 404 past the end."""

import pytest

from tests.factories import EditionFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_pagination_caps_page_size_at_100(client, db) -> None:
    edition = EditionFactory()
    SessionFactory.create_batch(105, edition=edition)
    response = client.get("/api/v1/sessions/", {"page_size": 1000})
    body = response.json()
    assert body["count"] == 105
    assert len(body["results"]) == 100
    assert body["next"]
    assert len(client.get("/api/v1/sessions/", {"page_size": 10, "page": 2}).json()["results"]) == 10


@pytest.mark.parametrize("page", ["999999999999999999999", "2"])
def test_pages_past_the_end_are_404_json(client, edition, page) -> None:
    response = client.get("/api/v1/sessions/", {"page": page})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("param", ["page", "page_size"])
@pytest.mark.parametrize("value", ["0", "-1", "abc", "1.5", ""])
def test_malformed_paging_is_400(client, edition, param, value) -> None:
    response = client.get("/api/v1/sessions/", {param: value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]
