"""Organiser admin for forum series, their teams, venues, rooms and organising bodies.

Bilingual fields are edited side by side (modeltranslation's plain admin, not the
tabbed one: that loads jQuery UI from a CDN). Forum-scoped admins filter every
queryset to the user's forums; see ``forums.admin.scope``. Editions and
sub-forums are edited together with their agenda and places, and a series has a
dashboard of its editions' registrations, so their admins are registered above
every app, in ``workspace.admin``, on the bases here and in ``forums.admin.editions``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from forums.admin.autocomplete import BatchedAutocompleteInlineMixin, labelled_autocomplete_view
from forums.admin.scope import (
    ForumScopedAdminMixin,
    ForumScopedInlineMixin,
    RelatedChoicesFilter,
    SharedDirectoryAdminMixin,
)
from forums.models import EditionOrganisation, Forum, ForumMembership, Organisation, Room, Venue
from forums.permissions import Can

admin.site.site_header = "Agora 组织者后台 / Organiser admin"
admin.site.site_title = "Agora 组织者后台 / Organiser admin"
admin.site.index_title = _("Forums, agendas and registrations")
# The model list lives on the home page: beside every list it left a laptop too little width.
admin.site.enable_nav_sidebar = False
# Autocomplete answers labelled as the target admin's choices are (``choice_label``).
admin.site.autocomplete_view = labelled_autocomplete_view(admin.site)


# --- Shared directory ------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(SharedDirectoryAdminMixin, TranslationAdmin):
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en", "slug"]


class RoomInline(SharedDirectoryAdminMixin, TranslationTabularInline):
    model = Room
    fields = ["order", "name", "capacity", "floor"]
    extra = 0


@admin.register(Venue)
class VenueAdmin(SharedDirectoryAdminMixin, TranslationAdmin):
    list_display = ["name", "city", "address", "room_count"]
    list_filter = ["city"]
    search_fields = ["name_zh_hans", "name_en", "city_zh_hans", "city_en", "slug"]
    inlines = [RoomInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Venue]:
        return super().get_queryset(request).annotate(room_count=Count("rooms"))

    @admin.display(description=_("rooms"), ordering="room_count")
    def room_count(self, obj: Venue) -> int:
        return obj.room_count


@admin.register(Room)
class RoomAdmin(SharedDirectoryAdminMixin, TranslationAdmin):
    list_display = ["name", "venue", "order", "capacity", "floor"]
    list_filter = [("venue", RelatedChoicesFilter)]
    list_select_related = ["venue"]
    search_fields = ["name_zh_hans", "name_en", "venue__name_zh_hans", "venue__name_en"]
    autocomplete_fields = ["venue"]


# --- Forum-scoped -----------------------------------------------------------------


class ForumMembershipInline(ForumScopedInlineMixin, BatchedAutocompleteInlineMixin, admin.TabularInline):
    """The forum's team: its owners (and superusers) change it; every member sees it."""

    model = ForumMembership
    fields = ["user", "role", "edition", "sub_forums", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user", "edition", "sub_forums"]
    change_capability = Can.MANAGE_TEAM
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[ForumMembership]:
        return super().get_queryset(request).prefetch_related("sub_forums")


class ForumAdminBase(ForumScopedAdminMixin, TranslationAdmin):
    """The series and their teams; registered by ``workspace.admin`` with the series' dashboard."""

    forum_path = "pk"
    list_display = ["name", "initiator", "first_held_year", "edition_count"]
    list_select_related = ["initiator"]
    search_fields = ["name_zh_hans", "name_en", "slug"]
    autocomplete_fields = ["initiator"]
    inlines = [ForumMembershipInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Forum]:
        return super().get_queryset(request).annotate(edition_count=Count("editions"))

    @admin.display(description=_("editions"), ordering="edition_count")
    def edition_count(self, obj: Forum) -> int:
        return obj.edition_count

    # A new series has no team yet, so only a superuser can start (or end) one.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(ForumMembership)
class ForumMembershipAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    """Forum teams: a forum's owners (and superusers) put staff users on it, in a role."""

    forum_path = "forum"
    change_capability = Can.MANAGE_TEAM
    list_display = ["user", "forum", "role", "edition", "created_at"]
    list_filter = ["role", ("forum", RelatedChoicesFilter)]
    list_select_related = ["user", "forum", "edition"]
    search_fields = ["user__username", "user__email", "forum__name_zh_hans", "forum__name_en"]
    autocomplete_fields = ["forum", "user", "edition", "sub_forums"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"


@admin.register(EditionOrganisation)
class EditionOrganisationAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    list_display = ["organisation", "role", "edition", "order"]
    list_filter = ["role", ("edition", RelatedChoicesFilter)]
    list_select_related = ["organisation", "edition"]
    search_fields = ["organisation__name_zh_hans", "organisation__name_en", "edition__title_zh_hans"]
    autocomplete_fields = ["edition", "organisation"]


# The audit log is scoped by the forums' permissions, so it is registered here.
from forums.admin import audit_log  # noqa: E402, F401
