"""Turn a rendered admin change form back into the POST a browser would send."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Model


def _field_data(bound: forms.BoundField) -> dict[str, Any]:
    value = bound.value()
    widget = bound.field.widget
    widget = getattr(widget, "widget", widget)  # unwrap the admin's related-object wrapper
    if isinstance(widget, forms.FileInput):
        return {}  # an unchanged file input posts nothing
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(value)
        return {f"{bound.html_name}_{i}": _scalar(part) for i, part in enumerate(parts)}
    if isinstance(widget, forms.CheckboxInput):
        return {bound.html_name: "on"} if value else {}
    if isinstance(widget, forms.SelectMultiple) or isinstance(value, list | tuple | set):
        return {bound.html_name: [_scalar(v) for v in value or []]}
    return {bound.html_name: _scalar(value)}


def _scalar(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for bound in form:
        data.update(_field_data(bound))
    return data


def changeform_data(response: Any) -> dict[str, Any]:
    """The main form, every inline's management form and existing rows, unchanged."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.initial_forms:
            data.update(form_data(form))
    return data


def add_inline_row(data: dict[str, Any], prefix: str, values: dict[str, Any]) -> None:
    """Append one new row to the inline ``prefix`` (its TOTAL_FORMS grows by one)."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value


def errors(response: Any) -> Any:
    """The form errors of a re-rendered change form, for assertion messages."""
    context = getattr(response, "context", None)
    if not context or "adminform" not in context:
        return response
    return (
        context["adminform"].form.errors,
        [inline.formset.errors for inline in context["inline_admin_formsets"]],
        [inline.formset.non_form_errors() for inline in context["inline_admin_formsets"]],
    )
