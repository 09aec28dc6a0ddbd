"""Per-forum scoping of the organiser admin.

Organisers are staff users on one or more forums' teams (``ForumMembership``).
The team table is their permission system: an *organiser* may view and edit
everything belonging to their forums, a *viewer* may only look, and nobody but a
superuser sees another forum's rows — not in a changelist, an autocomplete, a
foreign-key choice or a list filter. Another forum's object answers 404, so its
existence does not leak.

The shared directory (organisations, venues, rooms, speakers) belongs to no
forum: a speaker invited by two forums is one record. Every team member may read
it, organisers may add and edit it, only superusers delete from it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import Model, QuerySet, URLField
from django.db.models.fields.related import ForeignKey, ManyToManyField
from django.forms import ModelChoiceField
from django.http import Http404, HttpRequest

from forums.enums import ForumTeamRole
from forums.models import ForumMembership

_CACHE_ATTR = "_agora_forum_roles"


def forum_roles(request: HttpRequest) -> dict[int, str]:
    """The user's forums and role in each, read once per request."""
    roles = getattr(request, _CACHE_ATTR, None)
    if roles is None:
        user = request.user
        roles = (
            dict(ForumMembership.objects.filter(user_id=user.pk).values_list("forum_id", "role"))
            if user.is_authenticated and user.is_active and user.is_staff
            else {}
        )
        setattr(request, _CACHE_ATTR, roles)
    return roles


def visible_forum_ids(request: HttpRequest) -> set[int]:
    return set(forum_roles(request))


def editable_forum_ids(request: HttpRequest) -> set[int]:
    return {forum_id for forum_id, role in forum_roles(request).items() if role == ForumTeamRole.ORGANISER}


def scope_queryset(qs: QuerySet, forum_path: str, forum_ids: set[int]) -> QuerySet:
    """``qs`` restricted to rows whose forum (reached by ``forum_path``) is in ``forum_ids``."""
    return qs.filter(**{f"{forum_path}__in": forum_ids})


def forum_id_of(obj: Model, forum_path: str) -> int | None:
    """Follow ``forum_path`` (e.g. ``"session__edition__forum"``) on an instance to a forum id."""
    *hops, last = forum_path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return obj.pk if last == "pk" else getattr(obj, f"{last}_id", None)


def _related_forum_path(admin_site: admin.AdminSite, model: type[Model]) -> str | None:
    related_admin = admin_site._registry.get(model)
    return getattr(related_admin, "forum_path", None)


class _ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to forums the user may edit.

    The limit also validates the submitted value, so a crafted POST with another
    forum's id is refused as an invalid choice.
    """

    # Organisers paste bare domains ("www.cast.org.cn"); read them as https.
    formfield_overrides = {URLField: {"assume_scheme": "https"}}

    def _scope_formfield(self, formfield: Any, db_field: ForeignKey | ManyToManyField, request: HttpRequest) -> Any:
        if formfield is None or request.user.is_superuser or not isinstance(formfield, ModelChoiceField):
            return formfield
        path = _related_forum_path(self.admin_site, db_field.remote_field.model)
        if path is not None:
            formfield.queryset = scope_queryset(formfield.queryset, path, editable_forum_ids(request))
        return formfield

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field, request)

    def formfield_for_manytomany(self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_manytomany(db_field, request, **kwargs), db_field, request)


class ForumScopedAdminMixin(_ScopedChoicesMixin):
    """A ModelAdmin whose rows belong to a forum, reached from the model by ``forum_path``."""

    forum_path: str = ""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return scope_queryset(qs, self.forum_path, visible_forum_ids(request))

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
        if request.user.is_superuser:
            return True
        if obj is None:
            return bool(visible_forum_ids(request))
        return forum_id_of(obj, self.forum_path) in visible_forum_ids(request)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if request.user.is_superuser:
            return True
        if obj is None:
            return bool(editable_forum_ids(request))
        return forum_id_of(obj, self.forum_path) in editable_forum_ids(request)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser or bool(editable_forum_ids(request))

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)


class ForumScopedInlineMixin(_ScopedChoicesMixin):
    """An inline under a forum-scoped parent: the parent's forum decides.

    Django passes the *parent* object to an inline's permission checks.
    """

    def _allowed_by_parent(self, request: HttpRequest, obj: Model | None, *, edit: bool) -> bool:
        if request.user.is_superuser:
            return True
        allowed = editable_forum_ids(request) if edit else visible_forum_ids(request)
        if obj is None:
            return bool(allowed)
        path = _related_forum_path(self.admin_site, type(obj))
        return path is not None and forum_id_of(obj, path) in allowed

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, edit=False)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, edit=True)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, edit=True)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._allowed_by_parent(request, obj, edit=True)


class SharedDirectoryAdminMixin(_ScopedChoicesMixin):
    """Organisations, venues, rooms and speakers: read by every team member, edited by organisers."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser or bool(visible_forum_ids(request))

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser or bool(editable_forum_ids(request))

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
        return [(obj.pk, str(obj)) for obj in qs]
