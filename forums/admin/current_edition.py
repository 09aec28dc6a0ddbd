"""A list that opens on the edition being prepared: the edition filter of a changelist
whose rows belong to editions (the agenda's sessions), on the current edition until the
organiser picks another edition or all of them.

*Current*, among the editions the rows of the list belong to: the first not archived
that has not ended, soonest first; failing that, the latest to have begun.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import SEARCH_VAR
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.enums import EditionStatus
from forums.models import Edition


def current_edition(editions: list[Edition]) -> Edition | None:
    now = timezone.now()
    coming = [e for e in editions if e.status != EditionStatus.ARCHIVED and e.end >= now]
    if coming:
        return min(coming, key=lambda e: (e.start, e.pk))
    return max(editions, key=lambda e: (e.start, e.pk), default=None)


class CurrentEditionFilter(admin.SimpleListFilter):
    """The edition filter (``edition__id__exact``, as links to the list already write it),
    applied to the current edition when the address names none and nothing is searched;
    ``all`` lifts it."""

    title = _("edition")
    parameter_name = "edition__id__exact"
    ALL = "all"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # A search looks in every edition unless one is picked.
        self.searching = bool(request.GET.get(SEARCH_VAR))
        used = model_admin.get_queryset(request).order_by().values("edition_id")
        editions = list(Edition.objects.filter(pk__in=used).order_by("-start", "-pk"))
        current = current_edition(editions)
        self.current_pk = str(current.pk) if current is not None else None
        return [(str(edition.pk), str(edition)) for edition in editions]

    def chosen(self) -> str | None:
        """The edition id the list shows, or None for every edition."""
        value = self.value()
        if value == self.ALL or (value is None and self.searching):
            return None
        return value or self.current_pk

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        chosen = self.chosen()
        if chosen is None:
            return queryset
        if not chosen.isdigit():
            return queryset.none()
        return queryset.filter(edition_id=int(chosen))

    def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:
        chosen = self.chosen()
        yield {
            "selected": chosen is None,
            "query_string": changelist.get_query_string({self.parameter_name: self.ALL}),
            "display": _("All editions"),
        }
        for pk, title in self.lookup_choices:
            yield {
                "selected": chosen == pk,
                "query_string": changelist.get_query_string({self.parameter_name: pk}),
                "display": title,
            }
