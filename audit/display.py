"""How an entry reads on a page: labels of fields and detail in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry

# The words services put in an entry's detail, as a reader sees them.
DETAIL_LABELS = {
    "door": _("door"),
    "version": _("agenda version"),
    "notices": _("change notices queued"),
    "recipients": _("recipients"),
    "subject": _("subject"),
    "rows": _("rows"),
    "format": _("format"),
    "what": _("what"),
    "from_edition": _("carried over from"),
    "carried": _("carried over"),
    "registrations": _("registrations"),
    "sub_forum": _("sub-forum"),
    "registration_type": _("registration type"),
    "scheduled_for": _("to be sent at"),
    "messages": _("messages"),
    "filters": _("audience"),
}
EMPTY = "—"


@dataclass(frozen=True)
class Line:
    label: str
    old: str
    new: str


def _field(model: type[Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def show(value: Any, field: Any = None) -> str:
    """A stored value as text: a choice by its label, a list joined, nothing as a dash."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        return ", ".join(show(item, field) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {show(item)}" for key, item in value.items())
    choices = getattr(field, "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value)


def change_lines(entry: AuditEntry) -> list[Line]:
    """What changed, field by field, labelled with the model's own field names."""
    model = entry.content_type.model_class() if entry.content_type_id else None
    lines = []
    for name, (old, new) in entry.changes.items():
        field = _field(model, name)
        label = capfirst(str(field.verbose_name)) if field is not None else name
        lines.append(Line(label=label, old=show(old, field), new=show(new, field)))
    return lines


def detail_lines(entry: AuditEntry) -> list[Line]:
    return [
        Line(label=capfirst(str(DETAIL_LABELS.get(key, key))), old="", new=show(value))
        for key, value in entry.detail.items()
    ]


def who(entry: AuditEntry) -> str:
    """The user's name, or who acted without an account (the attendee, a partner, the system)."""
    if entry.actor_name:
        return entry.actor_name
    return str(entry.get_actor_kind_display())
