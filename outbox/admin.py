"""The outbox and the suppression list in the admin.

The suppression list is a superuser's (it spans every forum). The outbox's
messages are shown by ``workspace.admin``, on ``OutboxMessageAdminBase``, to
each team for its own editions.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
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
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]
    exclude = ["related_type"]

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
