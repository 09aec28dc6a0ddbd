"""Invitations in the admin: the list with its states, resend and withdraw, and the edition pages."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forums.admin.scope import ForumScopedAdminMixin, RelatedChoicesFilter
from forums.permissions import Can
from speakers import invitations
from speakers.admin import pages
from speakers.models import Invitation
from speakers.scopes import editions_with_part
from speakers.tokens import invitation_url


@admin.action(description=_("Resend the invitation (new answer-by date)"), permissions=["send_mail"])
def resend_invitations(modeladmin: InvitationAdmin, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
    done = 0
    for invitation in modeladmin.permitted_rows(request, queryset, Can.SEND_MAIL):
        try:
            invitations.resend_invitation(invitation=invitation, actor=request.user)
            done += 1
        except invitations.InvitationError as error:
            modeladmin.message_user(request, f"{invitation}: {error.message}", messages.WARNING)
    if done:
        modeladmin.message_user(request, _("%(count)d invitation(s) sent again.") % {"count": done}, messages.SUCCESS)


@admin.action(description=_("Withdraw the invitation"), permissions=["change"])
def withdraw_invitations(modeladmin: InvitationAdmin, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
    done = 0
    for invitation in modeladmin.permitted_rows(request, queryset, Can.EDIT):
        try:
            invitations.withdraw_invitation(invitation=invitation, actor=request.user)
            done += 1
        except invitations.InvitationError as error:
            modeladmin.message_user(request, f"{invitation}: {error.message}", messages.WARNING)
    if done:
        modeladmin.message_user(request, _("%(count)d invitation(s) withdrawn.") % {"count": done}, messages.SUCCESS)


@admin.register(Invitation)
class InvitationAdmin(ForumScopedAdminMixin, admin.ModelAdmin):
    forum_path = "session__edition__forum"
    edition_path = "session__edition"
    sub_forum_path = "session__sub_forum"
    list_display = ["invitee", "session", "role", "status", "sent_at", "expires_at", "reminders_sent", "answered_at"]
    list_filter = ["status", "role", ("session__edition", RelatedChoicesFilter)]
    list_select_related = ["session__edition", "speaker"]
    search_fields = ["email", "name", "speaker__name_zh_hans", "speaker__name_en", "session__title_zh_hans"]
    date_hierarchy = "sent_at"
    actions = [resend_invitations, withdraw_invitations]
    readonly_fields = [
        "session",
        "speaker",
        "email",
        "name",
        "role",
        "language",
        "note",
        "status",
        "sent_at",
        "expires_at",
        "send_count",
        "reminders_sent",
        "last_reminded_at",
        "opened_at",
        "answered_at",
        "decline_reason",
        "invited_by",
        "link",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("invitee"), ordering="email")
    def invitee(self, obj: Invitation) -> str:
        who = str(obj.speaker) if obj.speaker_id else obj.name
        return f"{who} <{obj.email}>" if who else obj.email

    @admin.display(description=_("answer link"))
    def link(self, obj: Invitation) -> str:
        url = invitation_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # invitations are made on the invitation page (session list, session page, timetable)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # withdrawn, never deleted: the record of who was asked stays

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        editions = editions_with_part(self.access(request), Can.VIEW).order_by("-start")[:12]
        return super().changelist_view(request, {**(extra_context or {}), "overview_editions": editions})

    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("overview/<int:edition_id>/", view(pages.overview_view(self)), name="speakers_overview"),
            path(
                "overview/<int:edition_id>/export.<str:fmt>",
                view(pages.overview_export_view(self)),
                name="speakers_overview_export",
            ),
            path("travel/<int:edition_id>/", view(pages.travel_view(self)), name="speakers_travel"),
            path(
                "travel/<int:edition_id>/export.<str:fmt>",
                view(pages.travel_export_view(self)),
                name="speakers_travel_export",
            ),
            *super().get_urls(),
        ]
