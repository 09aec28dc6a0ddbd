from __future__ import annotations

from django_filters import rest_framework as filters

from config.api.filters import IntegerFilter, StrictFilterSet
from forums.enums import EditionStatus
from forums.models import Edition, Room, SubForum
from forums.selectors import PUBLIC_STATUSES


class EditionFilter(StrictFilterSet):
    forum = filters.CharFilter(field_name="forum__slug", help_text="Forum slug.")
    year = IntegerFilter(field_name="year")
    status = filters.ChoiceFilter(choices=[c for c in EditionStatus.choices if c[0] in PUBLIC_STATUSES])

    class Meta:
        model = Edition
        fields = ["forum", "year", "status"]


class SubForumFilter(StrictFilterSet):
    edition = filters.CharFilter(field_name="edition__slug", help_text="Edition slug.")
    day = filters.DateFilter(field_name="start", lookup_expr="date", help_text="Day (YYYY-MM-DD, site time zone).")

    class Meta:
        model = SubForum
        fields = ["edition", "day"]


class RoomFilter(StrictFilterSet):
    edition = filters.CharFilter(field_name="venue__editions__slug", help_text="Rooms of this edition's venue.")
    venue = filters.CharFilter(field_name="venue__slug", help_text="Venue slug.")

    class Meta:
        model = Room
        fields = ["edition", "venue"]
