"""“Create next edition”: a button on the edition's page opens a form prefilled with
the next number, the year after and the dates one year on, with a box for each
carry-over step (``forums.carry_over``); it calls ``create_edition_from_previous``
and the organiser lands on the new draft edition.

Only the forum's owners and organisers for the whole forum may (publishing
rights over the forum: the new edition lies outside a membership limited to one
edition); anyone else is answered 404, as for a page they cannot see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums import carry_over
from forums.models import Edition
from forums.permissions import Can, access_for
from forums.services import create_edition_from_previous, shift_by_years


def may_create_next(request: HttpRequest, edition: Edition) -> bool:
    return access_for(request).allows_place(Can.PUBLISH, forum_id=edition.forum_id)


class NextEditionForm(forms.Form):
    number = forms.IntegerField(label=gettext_lazy("edition number"), min_value=1, max_value=999)
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=1900, max_value=2999)
    slug = forms.SlugField(label=gettext_lazy("slug"), max_length=80)
    start = forms.SplitDateTimeField(label=gettext_lazy("starts at"), widget=AdminSplitDateTime)
    end = forms.SplitDateTimeField(label=gettext_lazy("ends at"), widget=AdminSplitDateTime)
    carry = forms.MultipleChoiceField(
        label=gettext_lazy("Carry over"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "Never carried over: sessions, speakers' roles, published agendas and registrations — "
            "they belong to one year."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["carry"].choices = [(step.key, step.label) for step in carry_over.steps()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The edition must end after it starts."))
        return cleaned

    @staticmethod
    def initial_for(edition: Edition) -> dict[str, Any]:
        """The next number, the year after, its usual slug, the dates one year on, every step."""
        year = edition.year + 1
        slug = f"{edition.forum.slug}-{year}"
        if slug == edition.slug or Edition.objects.filter(slug=slug).exists():
            slug = slugify(f"{edition.slug}-next")
        return {
            "number": edition.number + 1,
            "year": year,
            "slug": slug,
            "start": shift_by_years(edition.start, years=1, tz=edition.tz),
            "end": shift_by_years(edition.end, years=1, tz=edition.tz),
            "carry": [step.key for step in carry_over.steps()],
        }


class NextEditionMixin:
    """The “Create next edition” page and button, on the edition admin."""

    def get_urls(self) -> list:
        return [
            path(
                "<int:object_id>/next/",
                self.admin_site.admin_view(self.next_edition_view),  # type: ignore[attr-defined]
                name="forums_edition_next",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        edition = kwargs.get("obj")
        context["may_create_next"] = edition is not None and may_create_next(request, edition)
        return super().render_change_form(request, context, *args, **kwargs)  # type: ignore[misc]

    def next_edition_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        edition = Edition.objects.select_related("forum").filter(pk=object_id).first()
        if edition is None or not may_create_next(request, edition):
            raise Http404
        # Dates are shown and read in the edition's own time zone.
        with timezone.override(edition.tz):
            form = NextEditionForm(request.POST or None, initial=NextEditionForm.initial_for(edition))
            if request.method == "POST" and form.is_valid():
                created = self._create(request, edition, form)
                if created is not None:
                    messages.success(
                        request,
                        _("%(edition)s was created as a draft from %(previous)s.")
                        % {"edition": created, "previous": edition},
                    )
                    return HttpResponseRedirect(reverse("admin:forums_edition_change", args=[created.pk]))
            context = {
                **self.admin_site.each_context(request),  # type: ignore[attr-defined]
                "title": _("Create the edition after %(edition)s") % {"edition": edition},
                "subtitle": None,
                "opts": Edition._meta,
                "original": edition,
                "form": form,
                "media": self.media + form.media,  # type: ignore[attr-defined]
                "time_zone": edition.time_zone,
            }
            return TemplateResponse(request, "forums/admin/next_edition.html", context)

    @staticmethod
    def _create(request: HttpRequest, edition: Edition, form: NextEditionForm) -> Edition | None:
        data = form.cleaned_data
        try:
            return create_edition_from_previous(
                previous=edition,
                number=data["number"],
                year=data["year"],
                slug=data["slug"],
                start=data["start"],
                end=data["end"],
                carry=data["carry"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return None
