"""Visa letter requests: the passport details a visa invitation letter prints, and issuing it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from documents.admin.base import DocumentsAdminMixin
from documents.models import VisaRequest
from documents.selectors import ROLE_SCOPE, letter_roles
from documents.services import check_recipient, issue_visa_letter
from forums.admin.scope import RelatedChoicesFilter
from forums.permissions import Can


class VisaRequestForm(forms.ModelForm):
    class Meta:
        model = VisaRequest
        fields = [
            "edition",
            "speaker",
            "passport_name",
            "passport_number",
            "nationality",
            "birth_date",
            "arrival",
            "departure",
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        edition, speaker = cleaned.get("edition"), cleaned.get("speaker")
        if edition and speaker:
            try:
                check_recipient(edition=edition, speaker=speaker)
            except ValidationError as error:
                self.add_error("speaker", error.messages)
        arrival, departure = cleaned.get("arrival"), cleaned.get("departure")
        if arrival and departure and departure < arrival:
            self.add_error("departure", _("The day of leaving cannot come before the day of arrival."))
        return cleaned


@admin.action(description=_("Issue visa invitation letters"), permissions=["issue"])
def issue_visa_letters(modeladmin: VisaRequestAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for visa_request in modeladmin.permitted_rows(request, queryset.select_related("edition", "speaker"), Can.EDIT):
        try:
            document = issue_visa_letter(visa_request=visa_request, issued_by=request.user)
        except ValidationError as error:
            modeladmin.report_refusal(request, visa_request, error)
            continue
        modeladmin.message_user(
            request,
            _("%(request)s: issued %(number)s.") % {"request": visa_request, "number": document.number},
            messages.SUCCESS,
        )


@admin.register(VisaRequest)
class VisaRequestAdmin(DocumentsAdminMixin, admin.ModelAdmin):
    form = VisaRequestForm
    forum_path = "edition__forum"
    edition_path = "edition"
    sub_forum_path = "speaker__roles__session__sub_forum"
    list_display = ["passport_name", "speaker", "edition", "nationality", "arrival", "departure", "created_at"]
    list_filter = [("edition", RelatedChoicesFilter)]
    list_select_related = ["speaker", "edition"]
    search_fields = ["passport_name", "speaker__name_zh_hans", "speaker__name_en"]
    autocomplete_fields = ["edition", "speaker"]
    actions = [issue_visa_letters]

    def save_form(self, request: HttpRequest, form: Any, change: bool) -> VisaRequest:
        obj = form.save(commit=False)
        # A new request has no row to follow yet: the speaker's parts in the edition decide (a host: its sub-forums').
        speaker_roles = letter_roles().filter(session__edition=obj.edition, speaker=obj.speaker)
        if not self.access(request).filter(speaker_roles, Can.EDIT, ROLE_SCOPE).exists():
            raise PermissionDenied
        if change and not self.may(request, Can.EDIT, obj):
            raise PermissionDenied
        return obj
