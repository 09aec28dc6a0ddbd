"""What every API view checks in its query string (config.api.base, config.api.filters):
the language, repeated, empty and NUL parameters."""

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_language_is_a_field_error(client, edition) -> None:
    response = client.get("/api/v1/editions/", {"lang": "fr"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["lang"]


def test_repeated_parameter_is_400(client, edition) -> None:
    response = client.get("/api/v1/sessions/?kind=talk&kind=keynote")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


@pytest.mark.parametrize("param", ["day", "changed_since", "kind", "speaker"])
def test_empty_typed_filter_is_400(client, edition, param) -> None:
    response = client.get("/api/v1/sessions/", {param: ""})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [param]


def test_null_characters_in_query_are_400(client, edition) -> None:
    response = client.get("/api/v1/sessions/", {"search": "a\x00b"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["search"]
