"""The organiser's view of the outbox, reminders, suppression list and webhooks."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from attendees.models import Registration
from config.query_params import parse_id
from notifications import reminders, services
from notifications.enums import ReminderAudience
from notifications.models import (
    OutboxMessage,
    ReminderRule,
    ReminderTemplate,
    Suppression,
    WebhookAttempt,
    WebhookDelivery,
)


@admin.action(description=_("Send the selected messages again"))
def resend(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
    count = services.resend_messages(message_pks=queryset.values_list("pk", flat=True))
    modeladmin.message_user(request, _("%(count)d message(s) queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "to_email",
        "subject_shown",
        "status",
        "attempts",
        "sent_at",
        "last_error_short",
    ]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to_email", "subject", "message_id"]
    date_hierarchy = "created_at"
    actions = [resend]
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
    list_display = ["email", "reason", "scope", "created_at"]
    list_filter = ["reason", "scope"]
    search_fields = ["email"]

    def save_model(self, request: HttpRequest, obj: Suppression, form: object, change: bool) -> None:
        obj.email = obj.email.strip().lower()
        super().save_model(request, obj, form, change)


class ReminderTemplateInline(admin.StackedInline):
    model = ReminderTemplate
    extra = 0
    min_num = 1
    fields = [("audience", "language"), "subject", "body_text", "body_html"]


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "sub_forum", "anchor", "offset", "is_active", "preview_link"]
    list_filter = ["is_active", "anchor", "edition"]
    search_fields = ["name"]
    raw_id_fields = ["edition", "sub_forum"]
    inlines = [ReminderTemplateInline]

    @admin.display(description=_("preview"))
    def preview_link(self, obj: ReminderRule) -> str:
        url = reverse("admin:notifications_reminderrule_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Preview"))

    def get_urls(self):
        return [
            path(
                "<int:rule_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="notifications_reminderrule_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request: HttpRequest, rule_id: int) -> HttpResponse:
        """The reminder rendered for a real registration of the edition (``?registration=<id>``)."""
        rule = get_object_or_404(ReminderRule.objects.select_related("edition__venue", "sub_forum"), pk=rule_id)
        if not self.has_view_permission(request, rule):
            return HttpResponse(status=403)
        registrations = Registration.objects.filter(edition_id=rule.edition_id).order_by("pk")
        chosen = parse_id(request.GET.get("registration"))
        registration = registrations.filter(pk=chosen).first() if chosen is not None else None
        registration = registration or registrations.first()
        audience = request.GET.get("audience") or None
        if audience not in (None, *ReminderAudience.values):
            audience = None
        rendered = reminders.preview(rule=rule, registration=registration, audience=audience) if registration else None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Preview: %(rule)s") % {"rule": rule},
            "opts": self.model._meta,
            "rule": rule,
            "registration": registration,
            "registrations": registrations[:200],
            "rendered": rendered,
            "audiences": ReminderAudience.choices,
            "audience": audience or "",
        }
        return render(request, "admin/notifications/reminder_preview.html", context)


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["attempted_at", "status_code", "error", "duration_ms"]

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "subscription", "status", "attempts", "last_status_code", "next_attempt_at"]
    list_filter = ["status", "event"]
    search_fields = ["subscription__url", "event_id"]
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
    inlines = [WebhookAttemptInline]
    list_select_related = ["subscription"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
