from __future__ import annotations

from django_filters import rest_framework as filters

from config.api.filters import IntegerFilter, StrictFilterSet, StrictIsoDateTimeFilter
from sessions.enums import SessionKind, SessionLanguage
from sessions.models import Session, Speaker


class SessionFilter(StrictFilterSet):
    edition = filters.CharFilter(field_name="edition__slug", help_text="Edition slug.")
    sub_forum = IntegerFilter(field_name="sub_forum_id", help_text="Sub-forum id.")
    day = filters.DateFilter(field_name="start", lookup_expr="date", help_text="Day (YYYY-MM-DD, site time zone).")
    kind = filters.ChoiceFilter(choices=SessionKind.choices)
    speaker = IntegerFilter(field_name="speaker_roles__speaker_id", distinct=True, help_text="Speaker id.")
    language = filters.ChoiceFilter(choices=SessionLanguage.choices)
    changed_since = StrictIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only sessions changed at or after this time (ISO 8601, e.g. 2030-07-06T09:00:00+08:00; "
        "without an offset, the site's time zone).",
    )

    class Meta:
        model = Session
        fields = ["edition", "sub_forum", "day", "kind", "speaker", "language", "changed_since"]


class SpeakerFilter(StrictFilterSet):
    edition = filters.CharFilter(
        field_name="roles__session__edition__slug", distinct=True, help_text="Speakers of this edition (slug)."
    )
    changed_since = StrictIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Only speakers changed at or after this time (ISO 8601, e.g. 2030-07-06T09:00:00+08:00; "
        "without an offset, the site's time zone).",
    )

    class Meta:
        model = Speaker
        fields = ["edition", "changed_since"]
