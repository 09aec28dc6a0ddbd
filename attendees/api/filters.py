from __future__ import annotations

from django_filters import rest_framework as filters

from attendees.enums import RegistrationStatus
from attendees.models import Registration
from config.api.filters import StrictFilterSet


class RegistrationFilter(StrictFilterSet):
    status = filters.ChoiceFilter(choices=RegistrationStatus.choices)
    edition = filters.CharFilter(field_name="edition__slug", help_text="Edition slug.")

    class Meta:
        model = Registration
        fields = ["status", "edition"]
