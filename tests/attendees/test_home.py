import pytest

from forums.enums import EditionStatus
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_home_lists_public_editions_not_drafts(client) -> None:
    EditionFactory(title_en="The 19th Forum", status=EditionStatus.REGISTRATION_OPEN)
    EditionFactory(title_en="A draft edition", status=EditionStatus.DRAFT)

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "The 19th Forum" in response.text
    assert "A draft edition" not in response.text


@pytest.mark.parametrize("count", [1, 12])
def test_home_query_count_does_not_grow(client, count, django_assert_num_queries) -> None:
    EditionFactory.create_batch(count)
    with django_assert_num_queries(1):
        assert client.get("/").status_code == 200
