"""What a visitor types into the registration form, for the page tests."""

from __future__ import annotations

from typing import Any

from attendees.models import RegistrationType


def registration_form(registration_type: RegistrationType, **extra: Any) -> dict[str, Any]:
    data = {
        "registration_type": registration_type.pk,
        "name": "Li Lei",
        "email": "li.lei@example.org",
        "organisation": "Anhui University",
        "language": "en",
    }
    data.update(extra)
    return data
