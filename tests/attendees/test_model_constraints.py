"""What the registration constraints let through: a new registration after a cancelled one, one address in two editions.

The refusals are in ``tests/forums/test_model_constraints.py``, with every other constraint
of the domain apps (one list of cases, checked against all the constraints declared)."""

from __future__ import annotations

import pytest

from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tests.factories import EditionFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_cancelled_registration_then_new_one_for_same_email_is_accepted() -> None:
    edition = EditionFactory()
    RegistrationFactory(edition=edition, email="wang@example.org", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(edition=edition, email="WANG@example.org", status=RegistrationStatus.CONFIRMED)
    RegistrationFactory(edition=edition, email="wang@example.org", status=RegistrationStatus.REJECTED)

    statuses = sorted(Registration.objects.filter(edition=edition).values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "rejected"]


def test_same_email_may_be_active_in_two_editions() -> None:
    first, second = EditionFactory(), EditionFactory()
    RegistrationFactory(edition=first, email="zhao@example.org")
    RegistrationFactory(edition=second, email="zhao@example.org")

    assert Registration.objects.filter(email="zhao@example.org").count() == 2
