"""The admins composed above every app: editions, sub-forums, agenda versions, the outbox's
messages per team, and the periodic tasks for superusers only.

An edition is edited with its sub-forums (whose raised capacity promotes from
the waiting lists), checked for agenda conflicts and published; a sub-forum
with its programme; publishing tells attendees, speakers and partners. Each of
those lives in a different app, so they meet here, above all of them.
"""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin as StockAccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_celery_beat.models import ClockedSchedule, CrontabSchedule, IntervalSchedule, PeriodicTask, SolarSchedule
from modeltranslation.admin import TranslationTabularInline

from attendees.admin.actions import CapacityRaceMixin, promote_sub_forums
from attendees.services import save_and_promote
from forums.admin import ForumAdminBase
from forums.admin.autocomplete import BatchedAutocompleteInlineMixin
from forums.admin.editions import EditionAdminBase, SubForumAdminBase
from forums.admin.scope import ForumScopedInlineMixin
from forums.models import Edition, Forum, SubForum, edition_scope
from forums.permissions import Can, ObjectScope, access_for
from outbox import services as outbox_services
from outbox.admin import OutboxMessageAdminBase
from outbox.models import OutboxMessage
from sessions.admin.forms import SessionInlineForm, SessionInlineFormSet
from sessions.admin.versions import AgendaVersionAdminBase
from sessions.models import AgendaVersion, Session
from sessions.selectors import edition_conflicts, outlined_changes
from spreadsheets.admin.door_lists import export_door_lists_csv, export_door_lists_xlsx
from workspace.admin_dashboards import EditionDashboardMixin, ForumDashboardMixin
from workspace.publishing import preview_url, publish_urls
from workspace.timetable.views import timetable_urls


@admin.action(description=_("Publish the agenda (next version)"), permissions=["publish"])
def publish_agenda_action(
    modeladmin: EditionAdminBase, request: HttpRequest, queryset: QuerySet[Edition]
) -> HttpResponse | None:
    """Leads to the edition's publishing preview (``workspace.publishing``), where publishing is confirmed."""
    editions = modeladmin.permitted_rows(request, queryset, Can.PUBLISH)
    if len(editions) == 1:
        return HttpResponseRedirect(reverse("admin:forums_edition_publish", args=[editions[0].pk]))
    if editions:
        modeladmin.message_user(
            request,
            format_html(
                "{} {}",
                _("Each edition is published from its own preview:"),
                format_html_join(
                    ", ",
                    '<a href="{}">{}</a>',
                    ((reverse("admin:forums_edition_publish", args=[e.pk]), e) for e in editions),
                ),
            ),
            messages.INFO,
        )
    return None


# The home page shows the user's current editions, with their key numbers, above the models.
admin.site.index_template = "admin/workspace/index.html"


@admin.register(Forum)
class ForumAdmin(ForumDashboardMixin, ForumAdminBase):
    pass


@admin.register(Edition)
class EditionAdmin(EditionDashboardMixin, CapacityRaceMixin, EditionAdminBase):
    list_display = [*EditionAdminBase.list_display, "conflicts_link"]
    readonly_fields = [*EditionAdminBase.readonly_fields, "conflicts_link", "agenda_status"]
    fieldsets = [
        *EditionAdminBase.fieldsets[:-1],
        (_("Record"), {"fields": ["agenda_status", "conflicts_link", ("created_at", "updated_at")]}),
    ]
    actions = [publish_agenda_action]

    @admin.display(description=_("published agenda"))
    def agenda_status(self, obj: Edition) -> str:
        if obj.pk is None:
            return "—"
        published, _outline, changelog = outlined_changes(obj)
        timetable = format_html(
            '<a href="{}">{}</a>', reverse("admin:forums_edition_timetable", args=[obj.pk]), _("Open the timetable")
        )
        if published is None:
            state = ngettext(
                "Not published yet: %(count)d unpublished change.",
                "Not published yet: %(count)d unpublished changes.",
                len(changelog),
            ) % {"count": len(changelog)}
        elif changelog:
            state = ngettext(
                "%(count)d unpublished change since version %(number)d.",
                "%(count)d unpublished changes since version %(number)d.",
                len(changelog),
            ) % {"count": len(changelog), "number": published.number}
        else:
            state = _("No unpublished changes: version %(number)d is live.") % {"number": published.number}
        return format_html('<span class="unpublished-changes">{}</span> {}', state, timetable)

    def render_change_form(self, request: HttpRequest, context: dict, *args: Any, **kwargs: Any) -> HttpResponse:
        edition = context.get("original")
        context["may_publish"] = edition is not None and access_for(request).allows_place(
            Can.PUBLISH, forum_id=edition.forum_id, edition_id=edition.pk
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not SubForum:
            super().save_formset(request, form, formset, change)
            return
        # Sub-forums edited here save like on their own page: places taken are
        # never written back from the form, and a raised capacity promotes.
        sub_forums = formset.save(commit=False)  # also collects deleted_objects
        for obj in formset.deleted_objects:
            obj.delete()
        for sub_forum in sub_forums:
            save_and_promote(obj=sub_forum, created=sub_forum._state.adding, actor=request.user)
        formset.save_m2m()

    @admin.display(description=_("agenda conflicts"))
    def conflicts_link(self, obj: Edition) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:forums_edition_conflicts", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Check rooms and speakers"))

    def get_urls(self) -> list:
        return [
            *timetable_urls(self),
            *publish_urls(self),
            path(
                "<path:object_id>/conflicts/",
                self.admin_site.admin_view(self.conflicts_view),
                name="forums_edition_conflicts",
            ),
            *super().get_urls(),
        ]

    def conflicts_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Every room and speaker double-booked in the edition's agenda, read only."""
        edition = self.get_object(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Agenda conflicts: %(edition)s") % {"edition": edition},
            "opts": self.opts,
            "original": edition,
            "edition": edition,
            "conflicts": edition_conflicts(edition_id=edition.pk),
            "has_view_permission": self.has_view_permission(request, edition),
        }
        return TemplateResponse(request, "admin/forums/edition/conflicts.html", context)


class SessionInline(ForumScopedInlineMixin, BatchedAutocompleteInlineMixin, TranslationTabularInline):
    """The sub-forum's programme; speakers are set on each session's own page."""

    model = Session
    form = SessionInlineForm
    formset = SessionInlineFormSet
    fields = ["title", "kind", "start", "end", "room", "is_cancelled"]
    autocomplete_fields = ["room"]
    show_change_link = True
    extra = 0


@admin.register(SubForum)
class SubForumAdmin(CapacityRaceMixin, SubForumAdminBase):
    inlines = [SessionInline]
    actions = [promote_sub_forums, export_door_lists_xlsx, export_door_lists_csv]

    def save_model(self, request: HttpRequest, obj: SubForum, form: Any, change: bool) -> None:
        promoted = save_and_promote(obj=obj, created=not change, actor=request.user)
        if promoted:
            self.message_user(request, _("%(count)d promoted from the waiting list.") % {"count": promoted})


class PublishForm(forms.ModelForm):
    """The add page of agenda versions: which edition to publish, and a note for its preview."""

    class Meta:
        model = AgendaVersion
        fields = ["edition", "note"]
        help_texts = {
            "edition": _(
                "Next comes the preview: the changes to be recorded, who will be told and which webhooks "
                "will fire. You publish there."
            )
        }


@admin.register(AgendaVersion)
class AgendaVersionAdmin(AgendaVersionAdminBase):
    """Adding a version is publishing, so its add page leads to the edition's publishing
    preview (``workspace.publishing``), where publishing is confirmed, as from the edition
    page, the timetable and the list action; a published version is immutable."""

    autocomplete_fields = ["edition"]
    change_capability = Can.PUBLISH  # the add page offers the editions the user may publish

    def get_form(self, request: HttpRequest, obj: AgendaVersion | None = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = PublishForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: AgendaVersion | None = None) -> list[str]:
        return ["edition", "note"] if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: AgendaVersion | None = None) -> list[str]:
        return [] if obj is None else list(self.readonly_fields)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict | None = None) -> HttpResponse:
        """A valid choice leads to the preview (with the note); anything else is the stock page:
        refused without the right, or the form again with its errors."""
        if request.method == "POST" and self.has_add_permission(request):
            form = self.get_form(request)(request.POST)
            if form.is_valid():
                return HttpResponseRedirect(
                    preview_url(form.cleaned_data["edition"].pk, note=form.cleaned_data["note"])
                )
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: AgendaVersion, form: Any, change: bool) -> None:
        # Never reached (a valid add page leads to the preview): a version is only ever
        # written by publishing, confirmed on the preview.
        raise PermissionDenied

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may(request, Can.PUBLISH)  # adding a version is publishing


# --- Outbox ------------------------------------------------------------------------------------
EDITION_SCOPE = ObjectScope(forum="forum", edition="pk")


@admin.action(description=_("Send the selected messages again"), permissions=["send_mail"])
def resend_messages(modeladmin: OutboxMessageAdmin, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
    allowed = modeladmin.scopes(request, Can.SEND_MAIL)
    rows = list(queryset.only("pk", "scope"))
    permitted = [m.pk for m in rows if allowed is None or m.scope in allowed]
    if len(permitted) < len(rows):
        modeladmin.message_user(
            request, _("Some messages are not yours to resend; they were left alone."), messages.WARNING
        )
    count = outbox_services.resend_messages(message_pks=permitted)
    modeladmin.message_user(request, _("%(count)d message(s) queued again.") % {"count": count}, messages.SUCCESS)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(OutboxMessageAdminBase):
    """The messages about the editions the user sees (``OutboxMessage.scope``); superusers see all."""

    actions = [resend_messages]

    def scopes(self, request: HttpRequest, capability: Can) -> set[str] | None:
        """The scopes whose messages the user may see or act on; None for every one."""
        access = access_for(request)
        if access.is_superuser:
            return None
        editions = access.filter(Edition.objects.all(), capability, EDITION_SCOPE).values_list("pk", flat=True)
        return {edition_scope(pk) for pk in editions}

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutboxMessage]:
        queryset = super().get_queryset(request)
        allowed = self.scopes(request, Can.VIEW)
        return queryset if allowed is None else queryset.filter(scope__in=allowed)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: OutboxMessage | None = None) -> bool:
        allowed = self.scopes(request, Can.VIEW)
        if allowed is None:
            return True
        return bool(allowed) if obj is None else obj.scope in allowed

    def has_send_mail_permission(self, request: HttpRequest) -> bool:
        allowed = self.scopes(request, Can.SEND_MAIL)
        return allowed is None or bool(allowed)


# --- Periodic tasks --------------------------------------------------------------------------------
class SuperusersOnlyMixin:
    """The schedule of the background work is the operator's, whatever model permissions staff hold."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)


for _model in (PeriodicTask, IntervalSchedule, CrontabSchedule, SolarSchedule, ClockedSchedule):
    _stock = type(admin.site._registry[_model])
    admin.site.unregister(_model)
    admin.site.register(_model, type(_stock.__name__, (SuperusersOnlyMixin, _stock), {}))


# --- Login security (django-axes) -----------------------------------------------------------------
# Its models and fields are named in Chinese by the project catalogue (config.apps); the one
# column it computes without a name gets one here.
class AccessAttemptAdmin(StockAccessAttemptAdmin):
    @admin.display(description=_("status"))
    def status(self, obj: AccessAttempt) -> str:
        return super().status(obj)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
    admin.site.register(AccessAttempt, AccessAttemptAdmin)
