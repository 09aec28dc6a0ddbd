"""Reminder rules with their preview, webhook subscriptions and deliveries in the organiser admin."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Field, URLField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from attendees.models import Registration
from config.query_params import parse_id
from forums.admin.scope import ForumScopedAdminMixin, ForumScopedInlineMixin, RelatedChoicesFilter
from forums.permissions import Can, ObjectScope, access_for
from notifications import offsets, reminders
from notifications.enums import ReminderAudience, WebhookEvent
from notifications.models import ReminderRule, ReminderTemplate, WebhookAttempt, WebhookDelivery, WebhookSubscription
from notifications.webhook_addresses import RefusedDestinationError, check_subscription_url
from notifications.webhooks import new_webhook_secret

# Registrations a member may see (a host: those who chose its sub-forums), for the preview's list.
REGISTRATION_SCOPE = ObjectScope(forum="edition__forum", edition="edition", sub_forum="choices__sub_forum")


class ReminderTemplateInline(ForumScopedInlineMixin, admin.StackedInline):
    model = ReminderTemplate
    change_capability = Can.SEND_MAIL
    extra = 0
    min_num = 1
    fields = [("audience", "language"), "subject", "body_text", "body_html"]


class ReminderRuleForm(forms.ModelForm):
    """The offset as people say it — a number and “days / hours / minutes before” — not a raw duration."""

    offset_amount = forms.IntegerField(label=_("how long before"), min_value=0, max_value=100_000)
    offset_unit = forms.ChoiceField(label=_("unit"), choices=offsets.UNIT_CHOICES, initial="days")

    class Meta:
        model = ReminderRule
        fields = ["edition", "sub_forum", "name", "anchor", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and self.instance.offset is not None:
            amount, unit = offsets.split(self.instance.offset)
            self.initial.setdefault("offset_amount", amount)
            self.initial.setdefault("offset_unit", unit)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        amount, unit = cleaned.get("offset_amount"), cleaned.get("offset_unit")
        if amount is not None and unit in offsets.UNITS:
            self.instance.offset = amount * offsets.UNITS[unit]
        return cleaned


@admin.register(ReminderRule)
class ReminderRuleAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    """Reminder rules of the user's editions (a sub-forum host: of its sub-forums)."""

    forum_path = "edition__forum"
    edition_path = "edition"
    sub_forum_path = "sub_forum"
    change_capability = Can.SEND_MAIL
    form = ReminderRuleForm
    fields = ["edition", "sub_forum", "name", "anchor", ("offset_amount", "offset_unit"), "is_active"]
    list_display = ["name", "edition", "sub_forum", "anchor", "offset_words", "is_active", "preview_link"]
    list_filter = ["is_active", "anchor", ("edition", RelatedChoicesFilter)]
    list_select_related = ["edition", "sub_forum"]
    search_fields = ["name"]
    autocomplete_fields = ["edition", "sub_forum"]
    inlines = [ReminderTemplateInline]

    @admin.display(description=_("when"), ordering="offset")
    def offset_words(self, obj: ReminderRule) -> str:
        return offsets.words(obj.offset)

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
        # Another forum's rule answers 404, like every object outside the user's teams.
        rule = get_object_or_404(self.get_queryset(request).select_related("edition__venue", "sub_forum"), pk=rule_id)
        visible = access_for(request).filter(Registration.objects.all(), Can.VIEW, REGISTRATION_SCOPE)
        registrations = visible.filter(edition_id=rule.edition_id).order_by("pk")
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


def _https_by_default(field: Field, **kwargs: object) -> forms.Field | None:
    """A URL typed without a scheme is https:// (Django 6's default, now)."""
    if isinstance(field, URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["organisation", "url", "events", "editions", "is_active"]
        formfield_callback = _https_by_default

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        try:
            check_subscription_url(url)
        except RefusedDestinationError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookForm
    formfield_overrides = {URLField: {"assume_scheme": "https"}}  # Django 6's default, now
    list_display = ["url", "organisation", "is_active", "created_at"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["url", "organisation__name"]
    filter_horizontal = ["editions"]

    def save_model(self, request: HttpRequest, obj: WebhookSubscription, form: forms.Form, change: bool) -> None:
        if not change:
            obj.secret = new_webhook_secret()
            messages.warning(
                request,
                format_html(
                    "{} <code style='user-select:all'>{}</code>",
                    _("Signing secret — give it to the partner now, it will not be shown again:"),
                    obj.secret,
                ),
            )
        super().save_model(request, obj, form, change)


# Mail to attendees has its own module; importing it registers its admin.
from notifications import mail_admin  # noqa: E402, F401
