"""The public registration types of an edition (attendees.api)."""

import pytest

from tests.factories import RegistrationTypeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", [1, 20])
def test_registration_types_list_query_count(client, edition, django_assert_max_num_queries, size) -> None:
    for n in range(size):
        RegistrationTypeFactory(edition=edition, slug=f"t{n}")
    with django_assert_max_num_queries(3):
        response = client.get(f"/api/v1/editions/{edition.slug}/registration-types/")
    assert response.json()["count"] == size
