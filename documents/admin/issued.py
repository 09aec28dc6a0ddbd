"""What was issued: the record, its PDFs to download, and regenerating or revoking it."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from config.languages import LANGUAGE_CODES
from documents.admin import mailing
from documents.admin.base import DocumentsAdminMixin
from documents.models import DocumentFile, IssuedDocument
from documents.services import regenerate_document, revoke_document
from documents.verification import verify_url
from forums.admin.scope import RelatedChoicesFilter
from forums.permissions import Can


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("valid", _("Valid")), ("revoked", _("Revoked"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "valid":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.action(description=_("Revoke the selected documents"), permissions=["issue"])
def revoke_documents(modeladmin: IssuedDocumentAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for document in modeladmin.permitted_rows(request, queryset, Can.EDIT):
        if document.revoked_at is None:
            revoke_document(document=document, revoked_by=request.user, reason=str(_("Revoked by the organisers")))
            modeladmin.message_user(request, _("%(number)s revoked.") % {"number": document.number}, messages.SUCCESS)


@admin.action(description=_("Regenerate (new number; the old one is revoked)"), permissions=["issue"])
def regenerate_documents(modeladmin: IssuedDocumentAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    for document in modeladmin.permitted_rows(request, queryset.select_related("edition", "speaker"), Can.EDIT):
        try:
            new = regenerate_document(document=document, issued_by=request.user)
        except ValidationError as error:
            modeladmin.report_refusal(request, document, error)
            continue
        modeladmin.message_user(
            request, _("%(old)s replaced by %(new)s.") % {"old": document.number, "new": new.number}, messages.SUCCESS
        )


@admin.action(description=_("E-mail the letter to its speaker (PDF attached)"), permissions=["send_mail"])
def mail_documents(modeladmin: IssuedDocumentAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    mailing.mail_selected(modeladmin, request, queryset)


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(DocumentsAdminMixin, admin.ModelAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    # A host acts on the letters of speakers with a session in its sub-forums.
    sub_forum_path = "speaker__roles__session__sub_forum"
    list_display = ["number", "kind", "speaker", "edition", "issued_at", "state", "mailed_at", "downloads"]
    list_filter = [StateFilter, "kind", ("edition", RelatedChoicesFilter)]
    list_select_related = ["speaker", "edition"]
    search_fields = ["number", "speaker__name_zh_hans", "speaker__name_en"]
    date_hierarchy = "issued_at"
    actions = [regenerate_documents, revoke_documents, mail_documents]
    change_list_template = "admin/documents/change_list_mailing.html"
    fields = [
        "number",
        "kind",
        "edition",
        "speaker",
        "recipient_names",
        "visa_request",
        ("issued_at", "issued_by"),
        ("revoked_at", "revoked_by"),
        "revoke_reason",
        ("mailed_at", "mail_count"),
        "replaces",
        "verification",
        "downloads",
    ]
    readonly_fields = [
        *fields[:6],
        *["issued_at", "issued_by", "revoked_at", "revoked_by", "revoke_reason", "mailed_at", "mail_count"],
        *["replaces", "verification", "downloads"],
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued from the speakers' list or a visa request, never typed in

    def has_change_permission(self, request: HttpRequest, obj: IssuedDocument | None = None) -> bool:
        return False  # an issued document is never changed: it is regenerated or revoked

    def has_delete_permission(self, request: HttpRequest, obj: IssuedDocument | None = None) -> bool:
        return False  # the record stays, so its number is never given again

    def get_urls(self) -> list:
        pdf = path(
            "<path:object_id>/pdf/<str:language>/",
            self.admin_site.admin_view(self.download),
            name="documents_issueddocument_pdf",
        )
        mail = path(
            "mail/<int:edition_id>/",
            self.admin_site.admin_view(mailing.edition_mailing_view(self)),
            name="documents_issueddocument_mail",
        )
        return [pdf, mail, *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        links = {"mailing_editions": mailing.mailing_editions(self, request)}
        return super().changelist_view(request, {**(extra_context or {}), **links})

    def download(self, request: HttpRequest, object_id: str, language: str) -> HttpResponse:
        """The PDF exactly as issued; for those who may act on the document (others: 404)."""
        document = self.get_object(request, object_id)
        if not self.may(request, Can.EDIT, document) or language not in LANGUAGE_CODES:
            raise Http404
        file = DocumentFile.objects.filter(document=document, language=language).first()
        if file is None:
            raise Http404
        response = HttpResponse(bytes(file.content), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{document.number}-{language}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    @admin.display(description=_("state"), ordering="revoked_at")
    def state(self, obj: IssuedDocument) -> str:
        return obj.get_state_display()

    @admin.display(description=_("PDF"))
    def downloads(self, obj: IssuedDocument) -> str:
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            ((reverse("admin:documents_issueddocument_pdf", args=[obj.pk, code]), code) for code in LANGUAGE_CODES),
        )

    @admin.display(description=_("verification page"))
    def verification(self, obj: IssuedDocument) -> str:
        url = verify_url(obj.public_id)
        return format_html('<a href="{}" rel="noopener" target="_blank">{}</a>', url, url)
