from __future__ import annotations

import pytest

from attendees import services
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory


@pytest.fixture
def edition(db):
    return EditionFactory()


@pytest.fixture
def reg_type(edition):
    return RegistrationTypeFactory(edition=edition, capacity=10)


@pytest.fixture
def sub_forum(edition):
    return SubForumFactory(edition=edition, capacity=2)


@pytest.fixture
def register(edition, reg_type):
    """register(n) -> a registration with e-mail person<n>@example.org; keyword args override."""

    def _register(n: int = 0, **kwargs):
        values = {
            "edition": edition,
            "registration_type": reg_type,
            "name": f"Person {n}",
            "email": f"person{n}@example.org",
        }
        values.update(kwargs)
        return services.register_attendee(**values)

    return _register
