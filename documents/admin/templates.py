"""Letter templates: text with placeholders, letterhead and seal, per forum or per edition."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from documents.admin.base import DocumentsAdminMixin
from documents.models import LetterTemplate
from forums.admin.scope import RelatedChoicesFilter
from sessions.images import reencode


def _picture_field(label: str, help_text: str) -> forms.FileField:
    # A plain file field: sessions.images says what is wrong with a file, in the visitor's language.
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=help_text,
    )


class LetterTemplateForm(forms.ModelForm):
    letterhead = _picture_field(
        _("letterhead"), _("A wide picture printed across the top of the first page (JPEG or PNG).")
    )
    seal = _picture_field(
        _("seal"), _("The official seal, best a PNG with a transparent background; printed over the signature.")
    )

    class Meta:
        model = LetterTemplate
        fields = ["forum", "edition", "kind", "title", "body", "signatory", "letterhead", "seal"]

    def _picture(self, name: str) -> Any:
        upload = self.cleaned_data.get(name)
        # A new upload is checked and drawn anew (no metadata, no appended bytes); a kept file is left alone.
        return reencode(upload) if isinstance(upload, UploadedFile) else upload

    def clean_letterhead(self) -> Any:
        return self._picture("letterhead")

    def clean_seal(self) -> Any:
        return self._picture("seal")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        forum, edition = cleaned.get("forum"), cleaned.get("edition")
        if forum and edition and edition.forum_id != forum.pk:
            raise ValidationError({"edition": _("This edition belongs to another forum series.")})
        return cleaned


@admin.register(LetterTemplate)
class LetterTemplateAdmin(DocumentsAdminMixin, TranslationAdmin):
    form = LetterTemplateForm
    forum_path = "forum"
    edition_path = "edition"
    list_display = ["__str__", "kind", "forum", "edition", "updated_at"]
    list_filter = ["kind", ("forum", RelatedChoicesFilter)]
    list_select_related = ["forum", "edition"]
    autocomplete_fields = ["forum", "edition"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["forum", "edition", "kind"]}),
        (_("Text"), {"fields": ["title", "body", "signatory"]}),
        (_("Letterhead and seal"), {"fields": ["letterhead", "seal"]}),
        (_("Record"), {"fields": ["updated_at"]}),
    ]
