"""The bases of the edition and sub-forum admins: their fields, lists, filters and inlines.

They are registered by ``workspace.admin``, which adds what needs the apps
above ``forums`` (the agenda of a sub-forum, promotion from waiting lists when
a capacity is raised, publishing the agenda, the conflicts page).
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from forums.admin.autocomplete import BatchedAutocompleteInlineMixin
from forums.admin.display import format_dates, format_span
from forums.admin.scope import ForumScopedAdminMixin, ForumScopedInlineMixin, RelatedChoicesFilter
from forums.models import Edition, EditionOrganisation, SubForum


class EditionOrganisationInline(ForumScopedInlineMixin, BatchedAutocompleteInlineMixin, admin.TabularInline):
    model = EditionOrganisation
    fields = ["organisation", "role", "order"]
    autocomplete_fields = ["organisation"]
    extra = 0


class SubForumInline(ForumScopedInlineMixin, BatchedAutocompleteInlineMixin, TranslationStackedInline):
    model = SubForum
    fields = [
        "title",
        "slug",
        "theme",
        ("start", "end"),
        "room",
        "hosts",
        ("capacity", "seats_taken"),
        "requires_registration",
        "order",
    ]
    readonly_fields = ["seats_taken"]
    autocomplete_fields = ["room", "hosts"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[SubForum]:
        # Each row's hosts, for its many-to-many widget, in one query for all rows.
        return super().get_queryset(request).prefetch_related("hosts")


class EditionAdminBase(ForumScopedAdminMixin, TranslationAdmin):
    forum_path = "forum"
    list_display = ["title", "forum", "number", "year", "host_city", "dates", "status"]
    list_display_links = ["title"]
    list_filter = ["status", ("forum", RelatedChoicesFilter), "year"]
    list_select_related = ["forum"]
    search_fields = ["title_zh_hans", "title_en", "theme_zh_hans", "theme_en", "host_city_zh_hans", "slug"]
    date_hierarchy = "start"
    autocomplete_fields = ["forum", "venue"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["forum", ("number", "year"), "slug", "title", "theme", "description", "status"]}),
        (_("Place and time"), {"fields": ["host_city", "venue", ("start", "end"), "time_zone"]}),
        (
            _("Registration"),
            {
                "fields": [
                    ("registration_opens", "registration_closes"),
                    ("min_subforum_choices", "max_subforum_choices"),
                    "confirmation_hold_hours",
                ]
            },
        ),
        (_("Record"), {"fields": [("created_at", "updated_at")]}),
    ]
    inlines = [EditionOrganisationInline, SubForumInline]

    @admin.display(description=_("dates"), ordering="start")
    def dates(self, obj: Edition) -> str:
        return format_dates(obj.start, obj.end, obj.tz)


class SubForumAdminBase(ForumScopedAdminMixin, TranslationAdmin):
    forum_path = "edition__forum"
    list_display = ["title", "edition", "time", "room", "capacity", "seats_taken", "requires_registration"]
    list_filter = [("edition", RelatedChoicesFilter), "requires_registration"]
    list_select_related = ["edition", "room__venue"]
    search_fields = ["title_zh_hans", "title_en", "theme_zh_hans", "theme_en", "slug"]
    date_hierarchy = "start"
    autocomplete_fields = ["edition", "room", "hosts"]
    readonly_fields = ["seats_taken"]

    @admin.display(description=_("time"), ordering="start")
    def time(self, obj: SubForum) -> str:
        return format_span(obj.start, obj.end, obj.edition.tz)
