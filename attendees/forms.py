"""Registration and self-service forms. They check with the same functions the
services use, so the page never accepts what the service would refuse."""

from __future__ import annotations

from typing import Any

from captcha.fields import CaptchaField
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from attendees import services
from attendees.exceptions import RegistrationError
from attendees.models import RegistrationType
from config.languages import language_choices, normalise_language
from forums.models import Edition, SubForum


def sub_forum_label(obj: SubForum, edition: Edition) -> str:
    """Title, time in the edition's zone, room and places, for a checkbox label."""
    start = timezone.localtime(obj.start, edition.tz)
    end = timezone.localtime(obj.end, edition.tz)
    parts = [str(obj.title), f"{start:%m-%d %H:%M}\u2013{end:%H:%M}"]
    if obj.room_id is not None:
        parts.append(str(obj.room.name))
    left = obj.seats_left
    if left == 0:
        parts.append(str(_("waiting list")))
    elif left is not None:
        parts.append(str(_("%(count)s places left") % {"count": left}))
    return " · ".join(parts)


def add_service_error(form: forms.Form, error: RegistrationError) -> None:
    """Show a service refusal next to the field it concerns, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, forms.ValidationError(str(error.message), code=error.code))


class SubForumCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that carry each sub-forum's start and end, so that
    ``static/agora/choices.js`` can grey out the ones that clash with a choice."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.times: dict[int, tuple[str, str]] = {}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"] in self.times:
            start, end = self.times[option["value"]]
            option["attrs"].update({"data-start": start, "data-end": end})
        return option


class ChoicesForm(forms.Form):
    # Choices come from the lists the view already loaded, so validating a
    # post costs no query (the registration burst is the hot path).
    sub_forums = forms.TypedMultipleChoiceField(
        label=_("Sub-forums"), coerce=int, required=False, widget=SubForumCheckboxes
    )

    def __init__(self, *args: Any, edition: Edition, sub_forums: list[SubForum], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.sub_forum_by_pk = {sf.pk: sf for sf in sub_forums if sf.requires_registration}
        field = self.fields["sub_forums"]
        field.choices = [(sf.pk, sub_forum_label(sf, edition)) for sf in self.sub_forum_by_pk.values()]
        field.widget.times = {pk: (sf.start.isoformat(), sf.end.isoformat()) for pk, sf in self.sub_forum_by_pk.items()}
        # For choices.js: the most that may be chosen, and what a greyed-out box says.
        field.widget.attrs.update(
            {
                "data-max": str(edition.max_subforum_choices or ""),
                "data-clash": str(_("Same time as %(title)s")),
                "data-full": str(_("You have chosen as many as you may")),
            }
        )
        if edition.max_subforum_choices:
            field.help_text = _(
                "Choose between %(min)s and %(max)s; sub-forums at the same time exclude each other."
            ) % {
                "min": edition.min_subforum_choices,
                "max": edition.max_subforum_choices,
            }
        else:
            field.help_text = _("Sub-forums at the same time exclude each other.")

    def clean_sub_forums(self) -> list[SubForum]:
        return [self.sub_forum_by_pk[pk] for pk in self.cleaned_data["sub_forums"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "sub_forums" in cleaned:
            try:
                services.check_sub_forum_choices(edition=self.edition, sub_forums=list(cleaned["sub_forums"]))
            except RegistrationError as error:
                add_service_error(self, error)
        return cleaned


class RegistrationForm(ChoicesForm):
    registration_type = forms.TypedChoiceField(label=_("Registration type"), coerce=int, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Full name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"), max_length=254)  # the column's length (a form's default is 320)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    country = forms.CharField(label=_("Country or region"), max_length=100, required=False)
    language = forms.ChoiceField(label=_("Language for e-mails"), choices=language_choices)

    field_order = ["registration_type", "name", "email", "phone", "organisation", "job_title", "country", "language"]

    def __init__(self, *args: Any, edition: Edition, registration_types: list[RegistrationType], **kwargs: Any) -> None:
        super().__init__(*args, edition=edition, **kwargs)
        self.type_by_pk = {rt.pk: rt for rt in registration_types}
        field = self.fields["registration_type"]
        field.choices = [(rt.pk, _type_label(rt)) for rt in registration_types]
        if len(registration_types) == 1:
            field.initial = registration_types[0].pk
        language = get_language() or ""
        self.fields["language"].initial = normalise_language(language) or settings.LANGUAGE_CODE
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["job_title"].widget.attrs["autocomplete"] = "organization-title"
        self.fields["country"].widget.attrs["autocomplete"] = "country-name"

        if edition.registration_challenge:
            # Drawn here (django-simple-captcha): no outside service, so it works in mainland China.
            self.fields["challenge"] = CaptchaField(
                label=_("Type the characters in the image"),
                help_text=_("This edition asks it to keep automated sign-ups out."),
            )

    def clean_registration_type(self) -> RegistrationType:
        return self.type_by_pk[self.cleaned_data["registration_type"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        registration_type = cleaned.get("registration_type")
        if registration_type is not None:
            try:
                services.check_registration_type(edition=self.edition, registration_type=registration_type)
            except RegistrationError as error:
                add_service_error(self, error)
        return cleaned


def _type_label(registration_type: RegistrationType) -> str:
    left = registration_type.seats_left
    if left is None:
        return str(registration_type.name)
    if left == 0:
        if registration_type.waitlist_enabled:
            return f"{registration_type.name} · {_('waiting list')}"
        return f"{registration_type.name} · {_('fully booked')}"
    return f"{registration_type.name} · {_('%(count)s places left') % {'count': left}}"


class CancelForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, cancel my registration"), required=True)


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Registration code"), max_length=16)
    door = forms.TypedChoiceField(label=_("Door"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, sub_forums: list[SubForum], main_entrance: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "autofocus": True}
        )
        doors = [(sf.pk, str(sf.title)) for sf in sub_forums]
        self.fields["door"].choices = [("", _("Main entrance")), *doors] if main_entrance else doors
        self.fields["door"].required = not main_entrance
