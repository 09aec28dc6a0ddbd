"""Per-forum scoping of the organiser admin, by the rules of ``forums.permissions``.

Organisers are staff users on forums' teams (``ForumMembership``). A member
sees only the rows their membership covers — not in a changelist, an
autocomplete, a foreign-key choice or a list filter — and changes only what
their role allows; another forum's object answers 404, so its existence does
not leak. Every admin action over selected rows checks each row
(``permitted_rows``), and an action the user may not run anywhere is not offered.

The shared directory (organisations, venues, rooms, speakers) belongs to no
forum: a speaker invited by two forums is one record. Every team member may read
it, members who edit an agenda may add and edit it, only superusers delete from it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet, URLField
from django.db.models.fields.related import ForeignKey, ManyToManyField
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from audit.admin import AuditedAdminMixin
from forums.permissions import Access, Can, ObjectScope, access_for


def _related_admin(admin_site: admin.AdminSite, model: type[Model]) -> Any:
    return admin_site._registry.get(model)


def choice_label(related_admin: Any) -> Any:
    """How the rows of ``related_admin`` are named in pickers: its ``choice_label``, else ``str``."""
    return getattr(related_admin, "choice_label", None) or str


def label_choices(formfield: ModelChoiceField, related_admin: Any) -> None:
    """Name a picker's choices by the related admin's ``choice_label``, with what the label reads
    loaded in the same query (the admin's ``list_select_related``)."""
    label = getattr(related_admin, "choice_label", None)
    if label is None:
        return
    select = getattr(related_admin, "list_select_related", False)
    if isinstance(select, list | tuple) and select:
        formfield.queryset = formfield.queryset.select_related(*select)
    formfield.label_from_instance = label


class _ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to objects the user may use here.

    The limit also validates the submitted value, so a crafted POST with another
    forum's id is refused as an invalid choice.
    """

    # Organisers paste bare domains ("www.cast.org.cn"); read them as https.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}
    # What changing rows of this admin needs (registrations: managing registrations).
    change_capability: Can = Can.EDIT

    def _scope_formfield(self, formfield: Any, db_field: ForeignKey | ManyToManyField, request: HttpRequest) -> Any:
        if formfield is None or not isinstance(formfield, ModelChoiceField):
            return formfield
        related_admin = _related_admin(self.admin_site, db_field.remote_field.model)
        label_choices(formfield, related_admin)
        if request.user.is_superuser:
            return formfield
        scope = getattr(related_admin, "choice_scope", None)
        if scope is not None:
            formfield.queryset = access_for(request).filter(formfield.queryset, self.change_capability, scope)
        return formfield

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)


class ForumScopedAdminMixin(AuditedAdminMixin, _ScopedChoicesMixin):
    """A ModelAdmin whose rows belong to a forum.

    ``forum_path`` (and, where the model has them, ``edition_path`` and
    ``sub_forum_path``) lead from the model to the place of a row. What a user
    sees is ``scope``; what they may change is ``change_scope`` (by default the
    same), with ``change_capability``.
    """

    forum_path: str = ""
    edition_path: str | None = None
    sub_forum_path: str | None = None
    # Where the change rights of a row come from, when not from ``scope`` (a registration is
    # changed as a whole, so a host of one of its sub-forums may see it but not change it).
    change_scope_override: ObjectScope | None = None

    @property
    def scope(self) -> ObjectScope:
        return ObjectScope(forum=self.forum_path, edition=self.edition_path, sub_forum=self.sub_forum_path)

    @property
    def change_scope(self) -> ObjectScope:
        return self.change_scope_override or self.scope

    @property
    def choice_scope(self) -> ObjectScope:
        """How rows of this model are offered as choices in other admins' forms."""
        return self.scope

    def access(self, request: HttpRequest) -> Access:
        return access_for(request)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.access(request).filter(super().get_queryset(request), Can.VIEW, self.scope)

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Model:
        # The stock admin redirects with "doesn't exist"; a 404 says the same
        # for a missing object and for another forum's, so nothing leaks.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        access = self.access(request)
        return access.any(Can.VIEW, self.scope) if obj is None else access.allows(Can.VIEW, obj, self.scope)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.may(request, self.change_capability, obj)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.may(request, self.change_capability)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def may(self, request: HttpRequest, capability: Can, obj: Model | None = None) -> bool:
        """Whether the user may do this on ``obj`` (or, without one, on some row of this admin)."""
        access = self.access(request)
        if obj is None:
            return access.any(capability, self.change_scope)
        return access.allows(capability, obj, self.change_scope)

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> Model:
        # The form's choices only offer allowed places; a crafted POST for another is refused here.
        obj = super().save_form(request, form, change)  # type: ignore[misc]
        if not self.may(request, self.change_capability, obj):
            raise PermissionDenied
        return obj

    # Actions declare ``permissions=[...]`` with these names; Django hides an
    # action whose check fails. Each action still checks every selected row.
    def has_publish_permission(self, request: HttpRequest) -> bool:
        return self.may(request, Can.PUBLISH)

    def has_manage_registrations_permission(self, request: HttpRequest) -> bool:
        return self.may(request, Can.MANAGE_REGISTRATIONS)

    def has_send_mail_permission(self, request: HttpRequest) -> bool:
        return self.may(request, Can.SEND_MAIL)

    def has_check_in_permission(self, request: HttpRequest) -> bool:
        return self.may(request, Can.CHECK_IN)

    def has_export_permission(self, request: HttpRequest) -> bool:
        return self.may(request, Can.EXPORT)

    def permitted_rows(self, request: HttpRequest, queryset: QuerySet, capability: Can) -> list[Model]:
        """The selected rows this user may do ``capability`` on; the others are named in a warning and left alone."""
        allowed, refused = self.access(request).partition(capability, queryset, self.change_scope)
        if refused:
            self.message_user(  # type: ignore[attr-defined]
                request,
                _("Not allowed for you, so left unchanged: %(rows)s.") % {"rows": ", ".join(map(str, refused))},
                messages.WARNING,
            )
        return allowed


class ForumScopedInlineMixin(_ScopedChoicesMixin):
    """An inline under a forum-scoped parent: the parent decides, with the inline's ``change_capability``.

    Django passes the *parent* object to an inline's permission checks.
    """

    def _allowed_by_parent(self, request: HttpRequest, obj: Model | None, capability: Can) -> bool:
        access = access_for(request)
        parent_admin = _related_admin(self.admin_site, type(obj)) if obj is not None else None
        if parent_admin is None:
            return access.any(capability)
        scope = parent_admin.change_scope if capability != Can.VIEW else parent_admin.scope
        return access.allows(capability, obj, scope)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, Can.VIEW)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, self.change_capability)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, self.change_capability)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, self.change_capability)


class SharedDirectoryAdminMixin(AuditedAdminMixin, _ScopedChoicesMixin):
    """Organisations, venues, rooms and speakers: read by every team member, edited by those who edit an agenda."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return access_for(request).any(Can.VIEW)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return access_for(request).any(Can.EDIT)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Shared by every forum: deleting a speaker or a room is a superuser's call.
        return request.user.is_superuser


class RelatedChoicesFilter(RelatedOnlyFieldListFilter):
    """Filter by a related object, offering only those the visible rows point at.

    Scoped through the admin's ``get_queryset`` (so another forum's editions are
    never offered), and loaded with the related admin's ``list_select_related``
    so labels such as “Hall 1 · Convention Centre” cost one query, not one each.
    """

    def field_choices(self, field: Any, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[Any, str]]:
        remote = field.remote_field.model
        used = model_admin.get_queryset(request).distinct().values_list(f"{self.field_path}__pk", flat=True)
        qs = remote._default_manager.filter(pk__in=used)
        related_admin = model_admin.admin_site._registry.get(remote)
        select = getattr(related_admin, "list_select_related", False)
        if isinstance(select, list | tuple) and select:
            qs = qs.select_related(*select)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            qs = qs.order_by(*ordering)
        label = choice_label(related_admin)
        return [(obj.pk, label(obj)) for obj in qs]
