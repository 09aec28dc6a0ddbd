"""The outbox and the suppression list in the admin.

The suppression list is a superuser's (it spans every forum). The outbox's
messages are shown by ``workspace.admin``, on ``OutboxMessageAdminBase``, to
each team for its own editions.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from outbox import services
from outbox.models import OutboxMessage, Suppression


class OutboxMessageAdminBase(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient",
        "subject_shown",
        "status",
        "attempts",
        "sent_at",
        "last_error_short",
    ]
    list_filter = ["status", "channel", "kind", "language"]
    search_fields = ["recipient", "subject", "message_id"]
    date_hierarchy = "created_at"
    list_per_page = 100
    show_full_result_count = False  # counting a large outbox on every page load is wasted work
    # The message as its recipient reads it first; the record of its sending below.
    fieldsets = [
        (None, {"fields": ["recipient", "subject", "text_shown", "html_shown", "attachment_names"]}),
        (
            _("Sending"),
            {
                "fields": [
                    ("status", "attempts"),
                    ("created_at", "sent_at", "next_attempt_at"),
                    "last_error",
                    ("channel", "kind", "language", "optional"),
                    ("message_id", "dedupe_key"),
                    "scope",
                ]
            },
        ),
    ]
    readonly_fields = [
        "recipient",
        "subject",
        "text_shown",
        "html_shown",
        "attachment_names",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "last_error",
        "channel",
        "kind",
        "language",
        "optional",
        "message_id",
        "dedupe_key",
        "scope",
    ]

    @admin.display(description=_("text"))
    def text_shown(self, obj: OutboxMessage) -> str:
        if obj.render_on_send:
            return str(_("(written when sent)"))
        return format_html('<pre style="white-space:pre-wrap;margin:0">{}</pre>', obj.body_text)

    @admin.display(description=_("HTML"))
    def html_shown(self, obj: OutboxMessage) -> str:
        if not obj.body_html:
            return "—"
        # A sandboxed frame: the message's own markup, with no script and no access to the admin.
        return format_html(
            '<iframe sandbox="" srcdoc="{}" title="{}" style="width:100%;height:28em;border:1px solid #ccc"></iframe>',
            obj.body_html,
            obj.subject,
        )

    @admin.display(description=_("attachments"))
    def attachment_names(self, obj: OutboxMessage) -> str:
        return ", ".join(item["filename"] for item in obj.attachments) or "—"

    @admin.display(description=_("subject"), ordering="subject")
    def subject_shown(self, obj: OutboxMessage) -> str:
        if obj.render_on_send:
            return str(_("(written when sent)"))
        return obj.subject

    @admin.display(description=_("last error"))
    def last_error_short(self, obj: OutboxMessage) -> str:
        return obj.last_error[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        return False


@admin.register(Suppression)
class SuppressionAdmin(admin.ModelAdmin):
    list_display = ["address", "channel", "reason", "scope", "created_at"]
    list_filter = ["channel", "reason", "scope"]
    search_fields = ["address"]

    def save_model(self, request: HttpRequest, obj: Suppression, form: object, change: bool) -> None:
        obj.address = services.normalise_address(obj.address, obj.channel)
        super().save_model(request, obj, form, change)
