"""Organiser admin for forum series, editions, sub-forums, venues and organising bodies.

Bilingual fields are edited side by side (modeltranslation's plain admin, not the
tabbed one: that loads jQuery UI from a CDN). Forum-scoped admins filter every
queryset to the user's forums; see ``forums.admin_scope``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from attendees.admin_actions import CapacityRaceMixin, promote_sub_forums, save_and_promote
from forums.admin_autocomplete import BatchedAutocompleteInlineMixin
from forums.admin_display import format_dates, format_span
from forums.admin_scope import (
    ForumScopedAdminMixin,
    ForumScopedInlineMixin,
    RelatedChoicesFilter,
    SharedDirectoryAdminMixin,
)
from forums.models import Edition, EditionOrganisation, Forum, ForumMembership, Organisation, Room, SubForum, Venue
from sessions.admin_forms import SessionInlineForm, SessionInlineFormSet
from sessions.admin_publishing import publish_agenda_action
from sessions.models import Session
from sessions.selectors import edition_conflicts

admin.site.site_header = "Agora 组织者后台 / Organiser admin"
admin.site.site_title = "Agora 组织者后台 / Organiser admin"
admin.site.index_title = _("Forums, agendas and registrations")


# --- Shared directory ------------------------------------------------------------


@admin.register(Organisation)
class OrganisationAdmin(SharedDirectoryAdminMixin, TranslationAdmin):
    list_display = ["name", "short_name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name_zh_hans", "name_en", "short_name_zh_hans", "short_name_en", "slug"]


class RoomInline(SharedDirectoryAdminMixin, TranslationTabularInline):
    model = Room
    fields = ["name", "capacity", "floor"]
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
    list_display = ["name", "venue", "capacity", "floor"]
    list_filter = [("venue", RelatedChoicesFilter)]
    list_select_related = ["venue"]
    search_fields = ["name_zh_hans", "name_en", "venue__name_zh_hans", "venue__name_en"]
    autocomplete_fields = ["venue"]


# --- Forum-scoped -----------------------------------------------------------------


class ForumMembershipInline(ForumScopedInlineMixin, BatchedAutocompleteInlineMixin, admin.TabularInline):
    model = ForumMembership
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    extra = 0

    # Who is on a team is a superuser's decision; members may see their team.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(Forum)
class ForumAdmin(ForumScopedAdminMixin, TranslationAdmin):
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
    forum_path = "forum"
    list_display = ["user", "forum", "role", "created_at"]
    list_filter = ["role", ("forum", RelatedChoicesFilter)]
    list_select_related = ["user", "forum"]
    search_fields = ["user__username", "user__email", "forum__name_zh_hans", "forum__name_en"]
    autocomplete_fields = ["forum", "user"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser


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


@admin.register(Edition)
class EditionAdmin(CapacityRaceMixin, ForumScopedAdminMixin, TranslationAdmin):
    forum_path = "forum"
    list_display = ["title", "forum", "number", "year", "host_city", "dates", "status", "conflicts_link"]
    list_display_links = ["title"]
    list_filter = ["status", ("forum", RelatedChoicesFilter), "year"]
    list_select_related = ["forum"]
    search_fields = ["title_zh_hans", "title_en", "theme_zh_hans", "theme_en", "host_city_zh_hans", "slug"]
    date_hierarchy = "start"
    autocomplete_fields = ["forum", "venue"]
    readonly_fields = ["created_at", "updated_at", "conflicts_link"]
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
        (_("Record"), {"fields": ["conflicts_link", ("created_at", "updated_at")]}),
    ]
    inlines = [EditionOrganisationInline, SubForumInline]
    actions = [publish_agenda_action]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not SubForum:
            super().save_formset(request, form, formset, change)
            return
        # Sub-forums edited here save like on their own page: places taken are
        # never written back from the form, and a raised capacity promotes.
        sub_forums = formset.save(commit=False)  # also collects deleted_objects
        for obj in formset.deleted_objects:
            obj.delete()
        for sub_forum in sub_forums:
            save_and_promote(sub_forum, change=not sub_forum._state.adding)
        formset.save_m2m()

    @admin.display(description=_("dates"), ordering="start")
    def dates(self, obj: Edition) -> str:
        return format_dates(obj.start, obj.end, obj.tz)

    @admin.display(description=_("agenda conflicts"))
    def conflicts_link(self, obj: Edition) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:forums_edition_conflicts", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Check rooms and speakers"))

    def get_urls(self) -> list:
        return [
            path(
                "<path:object_id>/conflicts/",
                self.admin_site.admin_view(self.conflicts_view),
                name="forums_edition_conflicts",
            ),
            *super().get_urls(),
        ]

    def conflicts_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Every room and speaker double-booked in the edition's agenda, read only."""
        edition = self.get_object(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Agenda conflicts: %(edition)s") % {"edition": edition},
            "opts": self.opts,
            "original": edition,
            "edition": edition,
            "conflicts": edition_conflicts(edition_id=edition.pk),
            "has_view_permission": self.has_view_permission(request, edition),
        }
        return TemplateResponse(request, "admin/forums/edition/conflicts.html", context)


@admin.register(EditionOrganisation)
class EditionOrganisationAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "edition__forum"
    list_display = ["organisation", "role", "edition", "order"]
    list_filter = ["role", ("edition", RelatedChoicesFilter)]
    list_select_related = ["organisation", "edition"]
    search_fields = ["organisation__name_zh_hans", "organisation__name_en", "edition__title_zh_hans"]
    autocomplete_fields = ["edition", "organisation"]


class SessionInline(ForumScopedInlineMixin, BatchedAutocompleteInlineMixin, TranslationTabularInline):
    """The sub-forum's programme; speakers are set on each session's own page."""

    model = Session
    form = SessionInlineForm
    formset = SessionInlineFormSet
    fields = ["title", "kind", "start", "end", "room", "is_cancelled"]
    autocomplete_fields = ["room"]
    show_change_link = True
    extra = 0


@admin.register(SubForum)
class SubForumAdmin(CapacityRaceMixin, ForumScopedAdminMixin, TranslationAdmin):
    forum_path = "edition__forum"
    list_display = ["title", "edition", "time", "room", "capacity", "seats_taken", "requires_registration"]
    list_filter = [("edition", RelatedChoicesFilter), "requires_registration"]
    list_select_related = ["edition", "room__venue"]
    search_fields = ["title_zh_hans", "title_en", "theme_zh_hans", "theme_en", "slug"]
    date_hierarchy = "start"
    autocomplete_fields = ["edition", "room", "hosts"]
    readonly_fields = ["seats_taken"]
    inlines = [SessionInline]
    actions = [promote_sub_forums]

    def save_model(self, request: HttpRequest, obj: SubForum, form: Any, change: bool) -> None:
        promoted = save_and_promote(obj, change=change)
        if promoted:
            self.message_user(request, _("%(count)d promoted from the waiting list.") % {"count": promoted})

    @admin.display(description=_("time"), ordering="start")
    def time(self, obj: SubForum) -> str:
        return format_span(obj.start, obj.end, obj.edition.tz)
