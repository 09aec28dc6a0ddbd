"""Speakers from a file: matched by slug, then e-mail, then name; saved through the speaker form."""

from __future__ import annotations

from typing import Any

from django.db.models import Field, URLField
from django.forms import modelform_factory
from django.forms.models import model_to_dict
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from forums.permissions import Can
from sessions.admin.forms import SpeakerAdminForm
from sessions.enums import Honour
from sessions.models import Speaker
from spreadsheets.imports.base import CHANGED, NEW, UNCHANGED, Importer, RowError, choice_lookup, form_error
from spreadsheets.imports.reading import Column

COLUMNS = [
    Column("name_zh_hans", _("name (Chinese)")),
    Column("name_en", _("name (English)")),
    Column("slug", _("slug")),
    Column("honour", _("honour")),
    Column("honorific_zh_hans", _("honorific title (Chinese)")),
    Column("honorific_en", _("honorific title (English)")),
    Column("position_zh_hans", _("position (Chinese)")),
    Column("position_en", _("position (English)")),
    Column("affiliation_zh_hans", _("affiliation (Chinese)")),
    Column("affiliation_en", _("affiliation (English)")),
    Column("email", _("contact e-mail (private)")),
    Column("website", _("website")),
]
FIELDS = [c.key for c in COLUMNS]


def _formfield(field: Field, **kwargs: Any) -> Any:
    # As the admin reads them (forums.admin.scope): bare domains are https.
    if isinstance(field, URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


SpeakerForm = modelform_factory(Speaker, form=SpeakerAdminForm, fields=FIELDS, formfield_callback=_formfield)


class SpeakerImporter(Importer):
    """The shared directory: whoever edits an agenda may add and edit speakers (``SharedDirectoryAdminMixin``)."""

    columns = COLUMNS
    capability = Can.EDIT

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        speakers = list(Speaker.objects.all())
        self.by_slug = {s.slug: s for s in speakers}
        self.by_email = {s.email.lower(): s for s in speakers if s.email}
        self.by_name = {}
        for speaker in speakers:
            for name in (speaker.name_zh_hans, speaker.name_en):
                if name:
                    self.by_name.setdefault(name.strip(), speaker)
        self.honours = choice_lookup(Honour.choices)

    def describe(self, row: dict[str, Any]) -> str:
        return self.text(row, "name_zh_hans") or self.text(row, "name_en")

    def _match(self, row: dict[str, Any]) -> Speaker | None:
        slug, email = self.text(row, "slug"), self.text(row, "email").lower()
        if slug and slug in self.by_slug:
            return self.by_slug[slug]
        if email and email in self.by_email:
            return self.by_email[email]
        for key in ("name_zh_hans", "name_en"):
            name = self.text(row, key)
            if name and name in self.by_name:
                return self.by_name[name]
        return None

    def _new_slug(self, row: dict[str, Any]) -> str:
        base = slugify(self.text(row, "name_en")) or slugify(self.text(row, "email").split("@")[0]) or "speaker"
        slug, n = base[:70], 2
        while slug in self.by_slug:
            slug, n = f"{base[:70]}-{n}", n + 1
        return slug

    def apply(self, row: dict[str, Any]) -> str:
        if not (self.text(row, "name_zh_hans") or self.text(row, "name_en")):
            raise RowError(_("A speaker needs a name (Chinese or English)."))
        speaker = self._match(row)
        data = model_to_dict(speaker, fields=FIELDS) if speaker else {"slug": self._new_slug(row)}
        data = {key: "" if value is None else value for key, value in data.items()}
        for key in FIELDS:
            if key in row and (row[key] or key not in ("slug",)):
                data[key] = self.text(row, key)
        if "honour" in row:
            honour = self.text(row, "honour").lower()
            if honour not in self.honours:
                raise RowError(_("honour: “%(value)s” is not one of the choices.") % {"value": row["honour"]})
            data["honour"] = self.honours[honour]
        form = SpeakerForm(data=data, instance=speaker)
        if not form.is_valid():
            raise form_error(form)
        if speaker is not None and not form.has_changed():
            return UNCHANGED
        saved = form.save()
        self.by_slug[saved.slug] = saved
        if saved.email:
            self.by_email[saved.email.lower()] = saved
        return CHANGED if speaker is not None else NEW
