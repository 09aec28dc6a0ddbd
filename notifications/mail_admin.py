"""Mail to attendees in the organiser admin: the audience's filters, the exact count
and a preview in each language on the page, a test to oneself, then send now or
at a time (``notifications.targeted_mail``). A sent or scheduled mail is read only.

Who may: whoever may write to the edition's attendees (``Can.SEND_MAIL``); a
sub-forum host writes only to its sub-forums' attendees (the sub-forum is then required).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from forums.admin.scope import ForumScopedAdminMixin, ForumScopedInlineMixin, RelatedChoicesFilter
from forums.permissions import Can
from notifications import mail_templates, targeted_mail
from notifications.models import TargetedMail, TargetedMailText


class TargetedMailTextInline(ForumScopedInlineMixin, admin.StackedInline):
    model = TargetedMailText
    change_capability = Can.SEND_MAIL
    extra = 0
    min_num = 1
    fields = ["language", "subject", "body_text"]


class TargetedMailForm(forms.ModelForm):
    start_from = forms.ChoiceField(
        label=gettext_lazy("Start from"),
        choices=[(t.key, t.label) for t in mail_templates.TEMPLATES],
        initial="practical",
        required=False,  # only on the add page
        help_text=gettext_lazy("A text in every language, which you can edit before sending."),
    )

    class Meta:
        model = TargetedMail
        fields = [
            "name", "edition", "sub_forum", "registration_type", "status", "checked_in", "language",
            "organisation_contains", "send_at",
        ]  # fmt: skip


@admin.register(TargetedMail)
class TargetedMailAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "edition__forum"
    edition_path = "edition"
    sub_forum_path = "sub_forum"
    change_capability = Can.SEND_MAIL
    form = TargetedMailForm
    change_form_template = "admin/notifications/targetedmail/change_form.html"
    list_display = ["name", "edition", "state", "recipients", "send_at", "queued_at", "sent_by"]
    list_filter = ["state", ("edition", RelatedChoicesFilter)]
    list_select_related = ["edition", "sent_by"]
    search_fields = ["name"]
    autocomplete_fields = ["edition", "sub_forum", "registration_type"]
    readonly_fields = ["audience_count", "preview", "state", "recipients", "queued_at", "sent_by"]

    def get_fieldsets(self, request: HttpRequest, obj: TargetedMail | None = None) -> list:
        audience = (
            _("Audience (every filter applies)"),
            {
                "fields": [
                    "sub_forum", "registration_type", "status", "checked_in", "language", "organisation_contains",
                ]
            },
        )  # fmt: skip
        if obj is None:
            return [(None, {"fields": ["name", "edition", "start_from"]}), audience]
        shown = [(_("Recipients and preview"), {"fields": ["audience_count", "preview"]})]
        if obj.state == TargetedMail.State.DRAFT:
            return [(None, {"fields": ["name", "edition"]}), audience, *shown, (_("Sending"), {"fields": ["send_at"]})]
        sending = (_("Sending"), {"fields": ["state", "send_at", "recipients", "queued_at", "sent_by"]})
        return [(None, {"fields": ["name", "edition"]}), audience, *shown, sending]

    def get_inlines(self, request: HttpRequest, obj: TargetedMail | None) -> list:
        return [TargetedMailTextInline] if obj is not None else []

    def has_change_permission(self, request: HttpRequest, obj: TargetedMail | None = None) -> bool:
        # Once scheduled or queued, a mail is a record: read, not edited.
        if obj is not None and obj.state != TargetedMail.State.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: TargetedMail | None = None) -> bool:
        if obj is not None and obj.state == TargetedMail.State.QUEUED:
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            template = mail_templates.BY_KEY[form.cleaned_data.get("start_from") or "blank"]
            TargetedMailText.objects.bulk_create(
                TargetedMailText(mail=form.instance, language=language, subject=subject, body_text=text)
                for language, (subject, text) in template.texts.items()
            )

    @admin.display(description=gettext_lazy("recipients"))
    def audience_count(self, obj: TargetedMail) -> str:
        counted = targeted_mail.count(obj)
        text = ngettext(
            "%(count)d recipient (each address once)", "%(count)d recipients (each address once)", counted.recipients
        ) % {"count": counted.recipients}
        if counted.suppressed:
            text += " · " + ngettext(
                "%(count)d of them is on the suppression list and will not get it",
                "%(count)d of them are on the suppression list and will not get it",
                counted.suppressed,
            ) % {"count": counted.suppressed}
        return format_html('<strong id="recipient-count" data-count="{}">{}</strong>', counted.recipients, text)

    @admin.display(description=gettext_lazy("preview"))
    def preview(self, obj: TargetedMail) -> str:
        shown = targeted_mail.preview(obj)
        if not shown:
            return _("Write a text in at least one language.")
        return format_html_join(
            "",
            '<div class="mail-preview" lang="{}"><p><strong>{}</strong></p>'
            '<pre class="mail-preview-text">{}</pre></div>',
            ((item["language"], item["subject"], item["text"]) for item in shown),
        )

    def response_change(self, request: HttpRequest, obj: TargetedMail) -> HttpResponse:
        here = reverse("admin:notifications_targetedmail_change", args=[obj.pk])
        if "_send_test" in request.POST:
            if targeted_mail.send_test(mail=obj, actor=request.user):
                self.message_user(request, _("A test was sent to %(address)s.") % {"address": request.user.email})
            else:
                self.message_user(request, _("Your account has no e-mail address to send a test to."), messages.ERROR)
            return HttpResponseRedirect(here)
        if "_send_now" in request.POST or "_schedule" in request.POST:
            send_at = obj.send_at if "_schedule" in request.POST else None
            if "_schedule" in request.POST and (send_at is None or send_at <= timezone.now()):
                self.message_user(request, _("Choose a time in the future to send at."), messages.ERROR)
                return HttpResponseRedirect(here)
            counted = targeted_mail.count(obj)
            targeted_mail.schedule(mail=obj, actor=request.user, send_at=send_at)
            if send_at is None:
                message = _("%(name)s is being sent to %(count)d recipients.")
            else:
                message = _("%(name)s will be sent to %(count)d recipients at the time chosen.")
            self.message_user(request, message % {"name": obj, "count": counted.recipients}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:notifications_targetedmail_changelist"))
        return super().response_change(request, obj)

    def render_change_form(self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        obj = kwargs.get("obj")
        context["may_send"] = obj is not None and obj.state == TargetedMail.State.DRAFT
        return super().render_change_form(request, context, *args, **kwargs)
