"""Invited registrations (a partner's guest list) from a file, through ``register_attendee``:
the edition's window, the type's places and waiting list, sub-forum limits and overlaps,
one registration per e-mail, the confirmation e-mail. A guest already registered is
matched by e-mail: their details are brought up to date (as the admin's change form does)
and a different choice of sub-forums goes through ``change_sub_forums``."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from attendees.enums import ACTIVE_STATUSES
from attendees.models import Registration, SubForumChoice
from attendees.services import all_or_nothing, change_sub_forums, register_attendee
from forums.permissions import Can
from spreadsheets.imports.base import CHANGED, NEW, UNCHANGED, Importer, RowError, names_in_every_language
from spreadsheets.imports.reading import Column
from spreadsheets.imports.sessions import split_names

COLUMNS = [
    Column("name", pgettext_lazy("attendee", "name"), required=True),
    Column("email", _("e-mail"), required=True),
    Column("registration_type", _("registration type")),
    Column("sub_forums", _("sub-forums")),
    Column("phone", _("phone")),
    Column("organisation", _("organisation")),
    Column("job_title", _("job title")),
    Column("country", _("country or region")),
    Column("language", _("preferred language")),
]
DETAILS = ["name", "phone", "organisation", "job_title", "country", "language"]


class RegistrationImporter(Importer):
    """An edition's organisers (registrations are changed as a whole: not a sub-forum host)."""

    columns = COLUMNS
    capability = Can.MANAGE_REGISTRATIONS

    def prepare(self, rows: list[dict[str, Any]]) -> None:
        edition = self.edition
        self.types = list(edition.registration_types.all())
        self.type_names = names_in_every_language(self.types, "slug", "name")
        sub_forums = list(edition.sub_forums.all())
        self.sub_forum_names = names_in_every_language(sub_forums, "slug", "title")
        # Only the guests of this file: an edition may hold tens of thousands of registrations.
        emails = {self.text(row, "email").lower() for row in rows if self.text(row, "email")}
        existing = (
            Registration.objects.annotate(email_lower=Lower("email"))
            .filter(edition=edition, status__in=ACTIVE_STATUSES, email_lower__in=emails)
            .select_related("registration_type")
        )
        self.by_email = {r.email.lower(): r for r in existing}
        self.choices: dict[int, set[int]] = {}
        for registration_id, sub_forum_id in SubForumChoice.objects.filter(
            registration_id__in=[r.pk for r in self.by_email.values()]
        ).values_list("registration_id", "sub_forum_id"):
            self.choices.setdefault(registration_id, set()).add(sub_forum_id)
        self.languages = {code.lower(): code for code, _name in settings.LANGUAGES}
        self.languages.update({str(name).lower(): code for code, name in settings.LANGUAGES})
        self.languages.update({"zh": "zh-hans", "中文": "zh-hans", "chinese": "zh-hans", "英文": "en"})

    def all_or_nothing(self) -> AbstractContextManager:
        # A refused row wrote nothing: every check of ``register_attendee`` and ``change_sub_forums``
        # comes before their writes, and this importer's own before either.
        return all_or_nothing()

    def describe(self, row: dict[str, Any]) -> str:
        return f"{self.text(row, 'name')} <{self.text(row, 'email')}>"

    def _type(self, row: dict[str, Any]) -> Any:
        name = self.text(row, "registration_type")
        if not name:
            if len(self.types) == 1:
                return self.types[0]
            raise RowError(_("registration type: please name one (the edition has several)."))
        if name.lower() not in self.type_names:
            raise RowError(_("registration type: “%(value)s” is not a type of this edition.") % {"value": name})
        return self.type_names[name.lower()]

    def _sub_forums(self, row: dict[str, Any]) -> list:
        found = []
        for name in split_names(self.text(row, "sub_forums")):
            if name.lower() not in self.sub_forum_names:
                raise RowError(_("sub-forums: “%(value)s” is not a sub-forum of this edition.") % {"value": name})
            found.append(self.sub_forum_names[name.lower()])
        return found

    def _language(self, row: dict[str, Any]) -> str:
        value = self.text(row, "language")
        if not value:
            return settings.LANGUAGE_CODE
        if value.lower() not in self.languages:
            raise RowError(_("preferred language: “%(value)s” is not one of the site's languages.") % {"value": value})
        return self.languages[value.lower()]

    def apply(self, row: dict[str, Any]) -> str:
        name, email = self.text(row, "name"), self.text(row, "email")
        if not name:
            raise RowError(_("A guest needs a name."))
        try:
            validate_email(email)
        except ValidationError as error:
            raise RowError(_("e-mail: “%(value)s” is not an e-mail address.") % {"value": email}) from error
        registration_type, sub_forums = self._type(row), self._sub_forums(row)
        details = {key: self.text(row, key) for key in DETAILS if key in row}
        details["name"], details["language"] = name, self._language(row)
        existing = self.by_email.get(email.lower())
        if existing is None:
            registration = register_attendee(
                edition=self.edition,
                registration_type=registration_type,
                email=email,
                sub_forums=sub_forums,
                partner=self.partner,
                **details,
            )
            self.by_email[email.lower()] = registration
            self.choices[registration.pk] = {s.pk for s in sub_forums}
            return NEW
        if existing.registration_type_id != registration_type.pk:
            raise RowError(
                _("Already registered as “%(type)s”; to change the type, cancel that registration first.")
                % {"type": existing.registration_type}
            )
        changed = [key for key, value in details.items() if getattr(existing, key) != value]
        wanted = {s.pk for s in sub_forums}
        # The choices first: the service may refuse them, and then nothing of the row is written.
        if "sub_forums" in row and wanted != self.choices.get(existing.pk, set()):
            change_sub_forums(registration=existing, sub_forums=sorted(wanted))
            self.choices[existing.pk] = wanted
            changed.append("sub_forums")
        details_changed = [key for key in changed if key != "sub_forums"]
        if details_changed:
            for key in details_changed:
                setattr(existing, key, details[key])
            existing.save(update_fields=[*details_changed, "updated_at"])
        return CHANGED if changed else UNCHANGED
