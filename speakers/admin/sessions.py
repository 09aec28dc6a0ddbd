"""The session list with the action that invites a speaker to the selected sessions (one or many).

``sessions.admin.SessionAdmin`` is registered again here with the action: the
invitations live in this app, above the agenda's.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums.permissions import Can
from sessions.admin import SessionAdmin
from sessions.models import Session
from speakers import invitations
from speakers.forms import InviteForm


@admin.action(description=gettext_lazy("Invite a speaker to these sessions"), permissions=["change"])
def invite_speakers(modeladmin: SessionAdmin, request: HttpRequest, queryset: QuerySet[Session]) -> HttpResponse | None:
    allowed = modeladmin.permitted_rows(request, queryset, Can.EDIT)
    if not allowed:
        return None
    sessions = Session.objects.filter(pk__in=[s.pk for s in allowed]).select_related("edition")
    if "apply" in request.POST:
        form = InviteForm(request.POST, sessions=sessions)
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = invitations.invite_speakers(
                    sessions=list(data["sessions"]),
                    speaker=data["speaker"],
                    email=data["email"],
                    name=data["name"],
                    role=data["role"],
                    language=data["language"],
                    note=data["note"],
                    user=request.user,
                )
            except invitations.InvitationError as error:
                form.add_error(None, error.message)
            else:
                modeladmin.message_user(
                    request, _("%(count)d invitation(s) sent.") % {"count": len(made)}, messages.SUCCESS
                )
                return None
    else:
        form = InviteForm(initial={"sessions": list(sessions)}, sessions=sessions)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Invite a speaker"),
        "opts": modeladmin.opts,
        "form": form,
        "sessions": sessions,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/speakers/invite.html", context)


class InvitingSessionAdmin(SessionAdmin):
    actions = [*(SessionAdmin.actions or []), invite_speakers]


admin.site.unregister(Session)
admin.site.register(Session, InvitingSessionAdmin)
