"""Organiser admin for the agenda: speakers, sessions and speaker roles.

Published versions (``sessions.admin.versions``) are registered by
``workspace.admin``, whose add page publishes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltranslation.admin import TranslationAdmin

from forums.admin.autocomplete import BatchedAutocompleteInlineMixin
from forums.admin.current_edition import CurrentEditionFilter
from forums.admin.display import format_span
from forums.admin.scope import (
    ForumScopedAdminMixin,
    ForumScopedInlineMixin,
    RelatedChoicesFilter,
    SharedDirectoryAdminMixin,
)
from sessions.admin.forms import SessionAdminForm, SessionSpeakerAdminForm, SessionSpeakerFormSet, SpeakerAdminForm
from sessions.models import Session, SessionSpeaker, Speaker
from sessions.selectors import conflicting_session_ids


@admin.register(Speaker)
class SpeakerAdmin(SharedDirectoryAdminMixin, TranslationAdmin):
    form = SpeakerAdminForm
    list_display = ["name", "honour", "honorific", "affiliation", "session_count"]
    list_filter = ["honour"]
    search_fields = [
        "name_zh_hans",
        "name_en",
        "affiliation_zh_hans",
        "affiliation_en",
        "honorific_zh_hans",
        "email",
        "slug",
    ]
    # Consent is the speaker's answer (their page, or on paper recorded with its wording on the
    # speakers' consent page), never ticked here.
    readonly_fields = ["publish_biography", "publish_photo", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return super().get_queryset(request).annotate(session_count=Count("roles__session", distinct=True))

    @admin.display(description=pgettext_lazy("agenda", "sessions"), ordering="session_count")
    def session_count(self, obj: Speaker) -> int:
        return obj.session_count


class SessionSpeakerInline(ForumScopedInlineMixin, BatchedAutocompleteInlineMixin, admin.TabularInline):
    model = SessionSpeaker
    formset = SessionSpeakerFormSet
    fields = ["speaker", "role", "order"]
    autocomplete_fields = ["speaker"]
    extra = 0


class ConflictFilter(admin.SimpleListFilter):
    """Sessions whose room or a speaker is double-booked within their edition."""

    title = _("conflicts")
    parameter_name = "conflict"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Any]]:
        return [("yes", _("Double-booked")), ("no", _("No conflict"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Session]) -> QuerySet[Session]:
        if self.value() not in ("yes", "no"):
            return queryset
        clashing = conflicting_session_ids(edition_ids=queryset.values("edition_id"))
        return queryset.filter(pk__in=clashing) if self.value() == "yes" else queryset.exclude(pk__in=clashing)


@admin.register(Session)
class SessionAdmin(ForumScopedAdminMixin, TranslationAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    sub_forum_path = "sub_forum"
    form = SessionAdminForm
    list_display = ["title", "time", "kind", "room", "sub_forum", "speaker_names", "is_cancelled"]
    list_filter = [
        ConflictFilter,
        CurrentEditionFilter,  # the list opens on the edition being prepared
        ("sub_forum", RelatedChoicesFilter),
        "kind",
        "language",
        "is_cancelled",
        ("room", RelatedChoicesFilter),
    ]
    list_select_related = ["edition", "sub_forum", "room__venue"]
    search_fields = [
        "title_zh_hans",
        "title_en",
        "speaker_roles__speaker__name_zh_hans",
        "speaker_roles__speaker__name_en",
    ]
    date_hierarchy = "start"
    autocomplete_fields = ["edition", "sub_forum", "room"]
    readonly_fields = ["guid", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["edition", "sub_forum", "title", "kind", "language", "is_cancelled"]}),
        (_("Time and place"), {"fields": [("start", "end"), "room"]}),
        (_("Abstract"), {"fields": ["abstract"]}),
        (_("Record"), {"fields": ["guid", ("created_at", "updated_at")]}),
    ]
    inlines = [SessionSpeakerInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("speaker_roles", queryset=SessionSpeaker.objects.select_related("speaker").order_by("order"))
            )
        )

    @admin.display(description=_("time"), ordering="start")
    def time(self, obj: Session) -> str:
        return format_span(obj.start, obj.end, obj.edition.tz)

    @admin.display(description=_("speakers"))
    def speaker_names(self, obj: Session) -> str:
        return ", ".join(str(role.speaker) for role in obj.speaker_roles.all())


@admin.register(SessionSpeaker)
class SessionSpeakerAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "session__edition__forum"
    edition_path = "session__edition"
    sub_forum_path = "session__sub_forum"
    form = SessionSpeakerAdminForm
    list_display = ["speaker", "role", "session", "session_time", "order"]
    list_filter = ["role", ("session__edition", RelatedChoicesFilter)]
    list_select_related = ["speaker", "session__edition"]
    search_fields = ["speaker__name_zh_hans", "speaker__name_en", "session__title_zh_hans", "session__title_en"]
    date_hierarchy = "session__start"
    autocomplete_fields = ["session", "speaker"]

    @admin.display(description=_("time"), ordering="session__start")
    def session_time(self, obj: SessionSpeaker) -> str:
        return format_span(obj.session.start, obj.session.end, obj.session.edition.tz)
