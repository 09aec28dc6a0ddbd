"""Inline rows whose autocomplete widgets are filled from one query per column.

Django's autocomplete widget loads the object it shows with a query of its own,
so a change page with N inline rows cost N queries per autocomplete column.
``BatchedAutocompleteInlineMixin`` loads the selected objects of every row at
once, when the first row renders, and hands them to each row's widget; the
widget falls back to Django's own query for anything it was not given (a value
typed into a form that came back with errors, say).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.db.models import ForeignKey, ManyToManyField, Model, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest

from forums.permissions import Can, access_for


class _KnownObjects:
    """Stands in for the widget's queryset while it renders: answers from the objects it was given."""

    def __init__(self, objects: dict[str, Model]) -> None:
        self.objects = objects

    def using(self, alias: str | None) -> _KnownObjects:
        return self

    def filter(self, **lookup: Any) -> list[Model]:
        (wanted,) = lookup.values()
        return [self.objects[key] for key in sorted(wanted) if key in self.objects]


class _KnownObjectsMixin:
    rows: _RowObjects | None = None  # set per form by the formset
    field_name = ""

    def optgroups(self, name: str, value: list[Any], attr: dict | None = None) -> list:
        wanted = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = self.rows.objects(self.field_name) if self.rows is not None else {}
        if not wanted or not wanted <= known.keys():
            return super().optgroups(name, value, attr)
        queryset, self.choices.queryset = self.choices.queryset, _KnownObjects(known)
        try:
            return super().optgroups(name, value, attr)
        finally:
            self.choices.queryset = queryset


class BatchedAutocompleteSelect(_KnownObjectsMixin, AutocompleteSelect):
    pass


class BatchedAutocompleteSelectMultiple(_KnownObjectsMixin, AutocompleteSelectMultiple):
    pass


class BatchedAutocompleteInlineMixin:
    """For an InlineModelAdmin with ``autocomplete_fields`` (foreign keys and many-to-many).

    Many-to-many rows also need their values in one query: prefetch them in
    ``get_queryset``.
    """

    def formfield_for_foreignkey(self, db_field: ForeignKey, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = BatchedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: ManyToManyField, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = BatchedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # A row's title (its __str__) often names the object its autocomplete shows.
        related = [
            name
            for name in self.get_autocomplete_fields(request)
            if isinstance(self.model._meta.get_field(name), ForeignKey)
        ]
        return super().get_queryset(request).select_related(*related)

    def get_formset(self, request: HttpRequest, obj: Model | None = None, **kwargs: Any) -> type[BaseInlineFormSet]:
        formset = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(formset):
            def _construct_form(self, i: int, **kwargs: Any) -> Any:
                form = super()._construct_form(i, **kwargs)
                if not hasattr(self, "_row_objects"):
                    self._row_objects = _RowObjects(self)
                for name, field in form.fields.items():
                    widget = _inner(field.widget)
                    if isinstance(widget, _KnownObjectsMixin):
                        widget.rows, widget.field_name = self._row_objects, name
                return form

        return LabelledFormSet


class _RowObjects:
    """The selected objects of every row of one formset, one query per column, loaded
    when the first row renders (all rows exist by then; not before: some formsets
    finish their rows' instances only once the parent form is clean)."""

    def __init__(self, formset: BaseInlineFormSet) -> None:
        self.formset = formset
        self.loaded: dict[str, dict[str, Model]] = {}

    def objects(self, name: str) -> dict[str, Model]:
        if name not in self.loaded:
            forms = [form for form in self.formset.forms if name in form.fields]
            keys = {str(key) for form in forms for key in _as_list(form[name].value()) if key not in (None, "")}
            field = forms[0].fields[name] if forms else None
            # select_related(): a label often names a required relation (a room's venue).
            found = field.queryset.filter(pk__in=keys).select_related() if keys and field is not None else []
            self.loaded[name] = {str(obj.pk): obj for obj in found}
        return self.loaded[name]


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


def _inner(widget: Any) -> Any:
    return getattr(widget, "widget", widget)  # inside RelatedFieldWidgetWrapper


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete answers, labelled by the target admin's ``choice_label`` where it has
    one (a sub-forum names its edition: two editions have sub-forums of the same title).

    Whoever may fill the field may search its choices, as the form offers them: rows the
    user may not open on their own page (a sub-forum host picks its sub-forums' edition for
    a new session) are offered by the target admin's ``choice_scope`` with the source
    admin's ``change_capability`` — the same rule that validates the submitted form.
    """

    picking_only = False

    def has_perm(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if super().has_perm(request, obj):
            return True
        source_admin = self.admin_site._registry.get(self.source_field.model)
        scope = getattr(self.model_admin, "choice_scope", None)
        if source_admin is None or scope is None:
            return False
        self.picking_only = source_admin.has_add_permission(request) or source_admin.has_change_permission(request)
        return self.picking_only

    def get_queryset(self) -> QuerySet:
        if self.picking_only:
            source_admin = self.admin_site._registry[self.source_field.model]
            capability = getattr(source_admin, "change_capability", Can.EDIT)
            queryset = access_for(self.request).filter(
                self.model_admin.model._default_manager.all(), capability, self.model_admin.choice_scope
            )
            queryset = queryset.complex_filter(self.source_field.get_limit_choices_to())
            queryset, distinct = self.model_admin.get_search_results(self.request, queryset, self.term)
            queryset = queryset.distinct() if distinct else queryset
        else:
            queryset = super().get_queryset()
        # What a label reads is loaded with the rows (the admin's list_select_related).
        select = getattr(self.model_admin, "list_select_related", False)
        if getattr(self.model_admin, "choice_label", None) is not None and isinstance(select, list | tuple):
            queryset = queryset.select_related(*select)
        return queryset

    def serialize_result(self, obj: Model, to_field_name: str) -> dict[str, str]:
        label = getattr(self.model_admin, "choice_label", None)
        result = super().serialize_result(obj, to_field_name)
        return {**result, "text": label(obj)} if label is not None else result


def labelled_autocomplete_view(admin_site: Any) -> Any:
    """The site's autocomplete view with ``LabelledAutocompleteJsonView`` (see ``forums.admin``)."""

    def view(request: HttpRequest) -> Any:
        return LabelledAutocompleteJsonView.as_view(admin_site=admin_site)(request)

    return view
