"""The bases of the edition and sub-forum admins: their fields, lists, filters and inlines.

They are registered by ``workspace.admin``, which adds what needs the apps
above ``forums`` (the agenda of a sub-forum, promotion from waiting lists when
a capacity is raised, publishing the agenda, the conflicts page).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from forums.admin.autocomplete import BatchedAutocompleteInlineMixin
from forums.admin.display import format_dates, format_span, sub_forum_label
from forums.admin.next_edition import NextEditionMixin
from forums.admin.scope import ForumScopedAdminMixin, ForumScopedInlineMixin, RelatedChoicesFilter
from forums.enums import EditionStatus
from forums.models import Edition, EditionOrganisation, SubForum
from forums.permissions import Can, ObjectScope
from forums.services import check_status_change, set_edition_status


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


class EditionAdminForm(forms.ModelForm):
    """The status moves only as ``set_edition_status`` allows (forward, or reopening registration).

    No Meta: the admin builds the form class for its own fields.
    """

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        current = self.instance.status if self.instance.pk else EditionStatus.DRAFT
        try:
            check_status_change(current=current, new=status)
        except ValidationError as error:
            raise ValidationError(error.message_dict["status"]) from error
        return status


class EditionAdminBase(NextEditionMixin, ForumScopedAdminMixin, TranslationAdmin):
    form = EditionAdminForm
    forum_path = "forum"
    edition_path = "pk"
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

    @property
    def choice_scope(self) -> ObjectScope:
        # A sub-forum host picks the edition of the sub-forums it runs (for a new session, say).
        return ObjectScope(forum="forum", edition="pk", sub_forum="sub_forums__pk")

    def get_readonly_fields(self, request: HttpRequest, obj: Edition | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self.may(request, Can.PUBLISH, obj):
            fields.append("status")  # publishing and the status are an organiser's, not every editor's
        return fields

    def save_model(self, request: HttpRequest, obj: Edition, form: Any, change: bool) -> None:
        """Every field is saved as edited but the status, which moves through ``set_edition_status``."""
        wanted = obj.status
        obj.status = form.initial.get("status", EditionStatus.DRAFT) if change else EditionStatus.DRAFT
        super().save_model(request, obj, form, change)
        if wanted != obj.status:
            set_edition_status(edition=obj, status=wanted, actor=request.user)

    @admin.display(description=_("dates"), ordering="start")
    def dates(self, obj: Edition) -> str:
        return format_dates(obj.start, obj.end, obj.tz)


class SubForumAdminBase(ForumScopedAdminMixin, TranslationAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    sub_forum_path = "pk"
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

    def choice_label(self, obj: SubForum) -> str:
        """Sub-forums are picked by edition and title: editions repeat their sub-forums' titles."""
        return sub_forum_label(obj)
