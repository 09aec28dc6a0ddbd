"""The audit log: every recorded change and action, filtered by edition, user,
action and date, and scoped like everything else — a member sees the entries
placed where their membership reaches (a host: its sub-forums), and their own.

Read-only for everyone, superusers included: the trail is a record, not a document.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from audit import display
from audit.models import AuditEntry, AuditPlace
from forums.models import Edition
from forums.permissions import Access, Can, ObjectScope, access_for

_EDITION_SCOPE = ObjectScope(forum="forum", edition="pk")


def visible_entries(access: Access, user: Any) -> Q:
    """The entries a user may read: placed within one of their grants (an edition-limited
    member: that edition; a host: its sub-forums), or their own doing. Superusers: all."""
    if access.is_superuser:
        return Q()
    grants = []
    for grant in access.grants:
        if not grant.can(Can.VIEW):
            continue
        condition = Q(forum_id=grant.forum_id)
        if grant.edition_id is not None:
            condition &= Q(edition_id=grant.edition_id)
        if grant.sub_forum_ids is not None:
            condition &= Q(sub_forum_id__in=grant.sub_forum_ids)
        grants.append(condition)
    own = Q(actor_id=user.pk)
    if not grants:
        return own
    placed = AuditPlace.objects.filter(reduce(or_, grants), entry_id=OuterRef("pk"))
    return Exists(placed) | own


class EditionFilter(admin.SimpleListFilter):
    title = _("edition")
    parameter_name = "edition"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[Any, str]]:
        editions = (
            access_for(request)
            .filter(Edition.objects.select_related("forum"), Can.VIEW, _EDITION_SCOPE)
            .order_by("-start")
        )
        return [(edition.pk, str(edition)) for edition in editions]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() is None:
            return queryset
        try:
            edition_id = int(self.value())
        except ValueError:
            return queryset.none()
        return queryset.filter(Exists(AuditPlace.objects.filter(entry_id=OuterRef("pk"), edition_id=edition_id)))


class ActorFilter(admin.SimpleListFilter):
    title = _("who")
    parameter_name = "actor"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[Any, str]]:
        actor_ids = model_admin.get_queryset(request).exclude(actor=None).values("actor_id")
        users = get_user_model()._default_manager.filter(pk__in=actor_ids).order_by("username")
        return [(user.pk, user.get_username()) for user in users]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() is None:
            return queryset
        try:
            return queryset.filter(actor_id=int(self.value()))
        except ValueError:
            return queryset.none()


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "who", "verb", "object_link", "what_changed"]
    list_filter = [EditionFilter, ActorFilter, "verb", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["object_repr", "actor_name"]
    list_select_related = ["content_type"]
    list_per_page = 50
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEntry]:
        queryset = super().get_queryset(request)
        return queryset.filter(visible_entries(access_for(request), request.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        access = access_for(request)
        if obj is None:
            return access.any(Can.VIEW)
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("who"), ordering="actor_name")
    def who(self, entry: AuditEntry) -> str:
        return display.who(entry)

    @admin.display(description=_("object"))
    def object_link(self, entry: AuditEntry) -> str:
        model = entry.content_type.model_class() if entry.content_type_id else None
        label = f"{model._meta.verbose_name}: {entry.object_repr}" if model is not None else entry.object_repr
        if model is None or not entry.object_id or model not in self.admin_site._registry:
            return label
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_history", args=[entry.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description=_("what changed"))
    def what_changed(self, entry: AuditEntry) -> str:
        lines = [(line.label, f"{line.old} → {line.new}") for line in display.change_lines(entry)]
        lines += [(line.label, line.new) for line in display.detail_lines(entry)]
        return format_html_join(mark_safe("<br>"), "<strong>{}</strong>: {}", lines)
