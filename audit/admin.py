"""The admin side of the audit trail: a mixin every organiser admin uses.

Each add, change (with the inlines' rows) and delete made through an admin
using ``AuditedAdminMixin`` is recorded with the user and every changed
field's old and new value, and the object's History page shows its trail. The
log of every entry, filtered and scoped by role, is registered by
``forums.admin.audit_log`` (it needs the forums' permissions).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.forms import BaseForm, ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from audit import display, services
from audit.enums import Verb


def _old_value(form: BaseForm, name: str) -> Any:
    """The value a field had before the form changed it (ids read back as objects)."""
    field = form.fields[name]
    old = form.initial.get(name, field.initial)
    if callable(old):
        old = old()
    if isinstance(field, ModelMultipleChoiceField) and old:
        pks = [item.pk if isinstance(item, Model) else item for item in old]
        return list(field.queryset.model._default_manager.filter(pk__in=pks))
    if isinstance(field, ModelChoiceField) and old is not None and not isinstance(old, Model):
        return field.queryset.model._default_manager.filter(pk=old).first()
    return old


def form_changes(form: BaseForm) -> dict[str, tuple[Any, Any]]:
    """Field → (old, new) for every field the form changed (a value the form
    merely spelled differently, such as an empty list posted as "[]", is no change)."""
    changes = {}
    for name in form.changed_data:
        if name not in form.fields or name not in form.cleaned_data:
            continue
        old, new = _old_value(form, name), form.cleaned_data[name]
        if services.plain(old) != services.plain(new):
            changes[name] = (old, new)
    return changes


class AuditedAdminMixin:
    """Records every add, change and delete made here (``audit.services.record``)."""

    def construct_change_message(self, request: HttpRequest, form: Any, formsets: Any, add: bool = False) -> Any:
        # Called once the object and its inlines are saved, with the forms that
        # hold their old values: the one place that sees every change of a save.
        message = super().construct_change_message(request, form, formsets, add)  # type: ignore[misc]
        changes = {} if add else form_changes(form)
        if add or changes:
            services.record(
                actor=request.user, verb=Verb.CREATED if add else Verb.CHANGED, obj=form.instance, changes=changes
            )
        for formset in formsets or []:
            self._record_formset(request, formset)
        return message

    def _record_formset(self, request: HttpRequest, formset: Any) -> None:
        forms_by_instance = {id(f.instance): f for f in formset.forms}
        for obj in getattr(formset, "new_objects", []):
            services.record(actor=request.user, verb=Verb.CREATED, obj=obj)
        for obj, _fields in getattr(formset, "changed_objects", []):
            inline_form = forms_by_instance.get(id(obj))
            changes = form_changes(inline_form) if inline_form is not None else {}
            services.record(actor=request.user, verb=Verb.CHANGED, obj=obj, changes=changes)
        for obj in getattr(formset, "deleted_objects", []):
            services.record(actor=request.user, verb=Verb.DELETED, obj=obj)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        # Called before the rows are deleted, so their places can still be read.
        for obj in queryset:
            services.record(actor=request.user, verb=Verb.DELETED, obj=obj)
        return super().log_deletions(request, queryset)  # type: ignore[misc]

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        """The object's audit trail, newest first: who, when, what, and each field's old and new value."""
        opts = self.model._meta  # type: ignore[attr-defined]
        obj = self.get_object(request, unquote(object_id))  # type: ignore[attr-defined]
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):  # type: ignore[attr-defined]
            raise PermissionDenied
        paginator = self.get_paginator(request, services.history(obj), 100)  # type: ignore[attr-defined]
        page = paginator.get_page(request.GET.get("p", 1))
        rows = [
            {
                "entry": entry,
                "who": display.who(entry),
                "changes": display.change_lines(entry),
                "detail": display.detail_lines(entry),
            }
            for entry in page
        ]
        created_at = getattr(obj, "created_at", None)
        context = {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "title": _("History: %s") % obj,
            "subtitle": None,
            "rows": rows,
            "page": page,
            "page_range": paginator.get_elided_page_range(page.number),
            # Rows made outside the admin (a registration from the public page) have
            # no "created" entry: the row's own creation time stands for it.
            "created_at": created_at if not services.history(obj).filter(verb=Verb.CREATED).exists() else None,
            "module_name": str(capfirst(opts.verbose_name_plural)),
            "object": obj,
            "opts": opts,
            "preserved_filters": self.get_preserved_filters(request),  # type: ignore[attr-defined]
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name  # type: ignore[attr-defined]
        return TemplateResponse(request, "audit/object_history.html", context)
