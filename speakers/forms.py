"""The speaker's own forms (behind their signed link) and the organisers' invitation form.

Forms check the input and say what is wrong in the visitor's language; the
services in ``speakers.services`` and ``speakers.invitations`` make the change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.languages import LANGUAGE_CHOICES
from sessions.enums import SpeakerRole
from sessions.images import check_image
from sessions.models import Session, Speaker
from speakers.consent import wording
from speakers.enums import ConsentSource, ConsentSubject, MaterialKind
from speakers.materials import check_material
from speakers.models import TravelPlan
from speakers.services import PROFILE_FIELDS

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, shown to the organisers)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(forms.ModelForm):
    """The public profile in both languages, and the language the speaker wants e-mails in."""

    language = forms.ChoiceField(label=_("Language for our e-mails"), choices=LANGUAGE_CHOICES)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https", max_length=200)
    links = forms.CharField(
        label=_("Other links"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: a label, a vertical bar, the address (e.g. Google Scholar | https://scholar.example.org/…)."
        ),
    )

    class Meta:
        model = Speaker
        fields = [f"{field}_{suffix}" for field in PROFILE_FIELDS for suffix in ("zh_hans", "en")] + ["website"]
        labels = {
            "name_zh_hans": _("Name in Chinese"),
            "name_en": _("Name in English"),
            "honorific_zh_hans": _("Honorific and titles in Chinese (e.g. 中国工程院院士)"),
            "honorific_en": _("Honorific and titles in English"),
            "position_zh_hans": _("Position in Chinese"),
            "position_en": _("Position in English"),
            "affiliation_zh_hans": _("Affiliation in Chinese"),
            "affiliation_en": _("Affiliation in English"),
            "biography_zh_hans": _("Biography in Chinese"),
            "biography_en": _("Biography in English"),
        }
        widgets = {
            "biography_zh_hans": forms.Textarea(attrs={"rows": 6}),
            "biography_en": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith("name_"):
                field.required = False
        if self.instance.pk and not self.is_bound:
            self.initial["links"] = "\n".join(
                f"{link.get('label', '')} | {link.get('url', '')}"
                for link in self.instance.links or []
                if isinstance(link, dict)
            )

    def clean_links(self) -> list[dict[str, str]]:
        """Lines of "label | address" as [{"label", "url"}]; an address must be a web address."""
        links = []
        check = forms.URLField(assume_scheme="https")
        for number, line in enumerate(self.cleaned_data["links"].splitlines(), start=1):
            if not line.strip():
                continue
            label, _bar, url = line.rpartition("|") if "|" in line else ("", "", line)
            try:
                url = check.clean(url.strip())
            except ValidationError as exc:
                raise ValidationError(
                    _("Line %(number)s is not a web address: %(line)s"),
                    code="link",
                    params={"number": number, "line": line.strip()[:100]},
                ) from exc
            links.append({"label": label.strip()[:100] or url, "url": url})
        return links[:20]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not (data.get("name_zh_hans") or data.get("name_en")):
            raise ValidationError(_("Please give your name in at least one language."), code="no_name")
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("A JPEG, PNG or WebP picture; it is cropped to a 3:4 portrait (600 by 800 pixels)."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    def clean_photo(self) -> Any:
        upload = self.cleaned_data["photo"]
        check_image(upload)  # the clear message (not a picture, too big) before anything is kept
        upload.seek(0)
        return upload


class ConsentForm(forms.Form):
    """One box per subject, labelled with the exact wording that is recorded."""

    prefix = "consent"  # its "photo" box and the photo upload share a page

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for subject in ConsentSubject:
            self.fields[subject.value] = forms.BooleanField(label=wording(subject), required=False)


class MaterialForm(forms.Form):
    session = forms.ModelChoiceField(label=pgettext_lazy("agenda", "Session"), queryset=Session.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PowerPoint or Word. Only the organisers see it until they publish it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.pptx,.ppt,.docx,.doc,application/pdf"}),
    )

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        only = list(sessions[:2])
        if len(only) == 1:  # one session: nothing to choose
            self.fields["session"].initial = only[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_material(upload)
        return upload


class TravelForm(forms.ModelForm):
    class Meta:
        model = TravelPlan
        fields = [
            "arrival_at",
            "arrival_station",
            "arrival_number",
            "departure_at",
            "departure_station",
            "departure_number",
            "needs_pickup",
            "hotel_check_in",
            "hotel_check_out",
            "dietary_needs",
            "notes",
        ]
        widgets = {
            "arrival_at": DATETIME_INPUT,
            "departure_at": DATETIME_INPUT,
            "hotel_check_in": DATE_INPUT,
            "hotel_check_out": DATE_INPUT,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "arrival_station": _("e.g. 芜湖站, Shanghai Hongqiao Airport"),
            "arrival_number": _("e.g. G7123 or MU5411"),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        arrival, departure = data.get("arrival_at"), data.get("departure_at")
        if arrival and departure and departure <= arrival:
            self.add_error("departure_at", _("Departure must be after arrival."))
        check_in, check_out = data.get("hotel_check_in"), data.get("hotel_check_out")
        if check_in and check_out and check_out <= check_in:
            self.add_error("hotel_check_out", _("The last morning at the hotel must be after the first night."))
        return data


class InviteForm(forms.Form):
    """The organiser's invitation to one or many sessions: an existing profile or a new e-mail."""

    sessions = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("agenda", "Sessions"), queryset=Session.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    speaker = forms.ModelChoiceField(
        label=_("Existing speaker"), queryset=Speaker.objects.order_by("name"), required=False
    )
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("For a new person, or another address."))
    name = forms.CharField(label=pgettext_lazy("person", "Name"), required=False, max_length=120)
    role = forms.ChoiceField(label=_("Role"), choices=SpeakerRole.choices)
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=LANGUAGE_CHOICES)
    note = forms.CharField(label=_("Personal note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sessions"].queryset = sessions

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        speaker, email = data.get("speaker"), data.get("email")
        if not speaker and not email and "email" not in self.errors:
            raise ValidationError(_("Choose an existing speaker or enter an e-mail address."), code="nobody")
        if speaker and not email and not speaker.email:
            self.add_error("email", _("This speaker has no e-mail address; enter one to invite them."))
        if not speaker and email and not data.get("name"):
            self.add_error("name", _("Give the new person's name, as the e-mail addresses them."))
        return data


class PaperConsentForm(forms.Form):
    """An organiser records the consent a speaker gave on paper or by e-mail: each answer, how
    and when it was given, and the words the speaker agreed to."""

    ANSWERS = [("", _("not in it")), ("yes", _("agreed")), ("no", _("refused"))]

    source = forms.ChoiceField(
        label=_("Given"), choices=[(c.value, c.label) for c in ConsentSource if c != ConsentSource.OWN_PAGE]
    )
    given_on = forms.DateField(
        label=_("Given on"), widget=DATE_INPUT, help_text=_("The date on the paper or the e-mail.")
    )
    language = forms.ChoiceField(label=_("Language of the wording"), choices=LANGUAGE_CHOICES)
    wording = forms.CharField(
        label=_("Wording the speaker agreed to"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("As on the paper or in the e-mail; it is kept with each answer."),
    )
    reference = forms.CharField(
        label=_("Where it is kept"), required=False, max_length=200, help_text=_("e.g. the file of the signed forms.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for subject in ConsentSubject:
            self.fields[subject.value] = forms.ChoiceField(
                label=subject.label, choices=self.ANSWERS, required=False, widget=forms.RadioSelect
            )
        self.order_fields([subject.value for subject in ConsentSubject])

    def clean_given_on(self) -> dt.date:
        given_on = self.cleaned_data["given_on"]
        if given_on > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return given_on

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(subject.value) for subject in ConsentSubject):
            raise ValidationError(_("Give at least one answer: agreed or refused."), code="no_answer")
        return data

    @property
    def answers(self) -> dict[str, bool]:
        return {
            subject.value: self.cleaned_data[subject.value] == "yes"
            for subject in ConsentSubject
            if self.cleaned_data.get(subject.value)
        }
