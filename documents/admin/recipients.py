"""The speakers to invite by letter: each part in a session of an edition, with its letter."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from documents.admin import mailing
from documents.admin.base import DocumentsAdminMixin
from documents.enums import DocumentKind
from documents.models import IssuedDocument, LetterRecipient
from documents.selectors import letter_roles
from documents.services import issue_invitation_letters
from forums.admin.scope import RelatedChoicesFilter
from forums.permissions import Can


@admin.action(description=_("Issue invitation letters (to those who have none)"), permissions=["issue"])
def issue_invitation_letters_action(
    modeladmin: LetterRecipientAdmin, request: HttpRequest, queryset: QuerySet[LetterRecipient]
) -> None:
    roles = modeladmin.permitted_rows(request, queryset.select_related("session__edition", "speaker"), Can.EDIT)
    by_edition: dict = {}
    for role in roles:
        by_edition.setdefault(role.session.edition, []).append(role.speaker)
    for edition, speakers in by_edition.items():
        try:
            issued, skipped = issue_invitation_letters(edition=edition, speakers=speakers, issued_by=request.user)
        except ValidationError as error:
            modeladmin.report_refusal(request, edition, error)
            continue
        if issued:
            modeladmin.message_user(
                request,
                _("%(edition)s: issued %(numbers)s.")
                % {"edition": edition, "numbers": ", ".join(d.number for d in issued)},
                messages.SUCCESS,
            )
        if skipped:
            modeladmin.message_user(
                request,
                _("%(edition)s: already have a valid letter, so none was issued: %(speakers)s.")
                % {"edition": edition, "speakers": ", ".join(map(str, skipped))},
                messages.INFO,
            )


@admin.register(LetterRecipient)
class LetterRecipientAdmin(DocumentsAdminMixin, admin.ModelAdmin):
    forum_path = "session__edition__forum"
    edition_path = "session__edition"
    sub_forum_path = "session__sub_forum"
    list_display = ["speaker", "role", "session", "edition", "letter"]
    list_filter = [("session__edition", RelatedChoicesFilter), ("session__sub_forum", RelatedChoicesFilter), "role"]
    list_select_related = ["speaker", "session__edition"]
    search_fields = ["speaker__name_zh_hans", "speaker__name_en", "session__title_zh_hans", "session__title_en"]
    actions = [issue_invitation_letters_action]
    change_list_template = "admin/documents/change_list_mailing.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[LetterRecipient]:
        letters = IssuedDocument.objects.filter(
            edition_id=OuterRef("session__edition_id"),
            speaker_id=OuterRef("speaker_id"),
            kind=DocumentKind.INVITATION,
            revoked_at__isnull=True,
        ).order_by("-issued_at")
        roles = super().get_queryset(request).filter(pk__in=letter_roles().values("pk"))
        return roles.annotate(
            letter_id=Subquery(letters.values("pk")[:1]), letter_number=Subquery(letters.values("number")[:1])
        ).order_by("session__edition", "speaker__name")

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        links = {"mailing_editions": mailing.mailing_editions(self, request)}
        return super().changelist_view(request, {**(extra_context or {}), **links})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LetterRecipient | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LetterRecipient | None = None) -> bool:
        return False

    @admin.display(description=_("edition"), ordering="session__edition")
    def edition(self, obj: LetterRecipient) -> str:
        return str(obj.session.edition)

    @admin.display(description=_("invitation letter"), ordering="letter_number")
    def letter(self, obj: LetterRecipient) -> str:
        if not obj.letter_id:
            return "—"
        url = reverse("admin:documents_issueddocument_change", args=[obj.letter_id])
        return format_html('<a href="{}">{}</a>', url, obj.letter_number)
