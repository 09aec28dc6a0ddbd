"""Inviting a speaker to sessions: one page (``/admin/forum_sessions/session/invite/?sessions=…``)
reached from the session list's action, the button on a session's own page and the
timetable's selection of blocks.

``sessions.admin.SessionAdmin`` is registered again here with the action, the page and
the button: the invitations live in this app, above the agenda's. Every session offered
on the page is one the user may edit (``forums.permissions``: a sub-forum host, its own
sub-forums' sessions); the form's choices are those sessions, so a crafted POST naming
another is refused as an invalid choice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forums.permissions import Can
from sessions.admin import SessionAdmin
from sessions.models import Session
from speakers import invitations
from speakers.forms import InviteForm


def invite_url(session_ids: list[int], *, back: str = "") -> str:
    """The invitation page for these sessions; ``back`` is where it returns once sent."""
    query = [("sessions", pk) for pk in session_ids] + ([("next", back)] if back else [])
    return f"{reverse('admin:forum_sessions_session_invite')}?{urlencode(query)}"


@admin.action(description=gettext_lazy("Invite a speaker to these sessions"), permissions=["change"])
def invite_speakers(modeladmin: InvitingSessionAdmin, request: HttpRequest, queryset: QuerySet[Session]) -> Any:
    """Leads to the invitation page with the selected sessions the user may edit."""
    allowed = modeladmin.permitted_rows(request, queryset, Can.EDIT)
    if not allowed:
        return None
    return HttpResponseRedirect(invite_url([s.pk for s in allowed], back=request.get_full_path()))


class InvitingSessionAdmin(SessionAdmin):
    actions = [*(SessionAdmin.actions or []), invite_speakers]
    change_form_template = "admin/speakers/session_change_form.html"

    def get_urls(self) -> list:
        invite = path("invite/", self.admin_site.admin_view(self.invite_view), name="forum_sessions_session_invite")
        return [invite, *super().get_urls()]

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict,
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        may_invite = obj is not None and obj.pk is not None and self.may(request, Can.EDIT, obj)
        context["invite_url"] = invite_url([obj.pk], back=request.path) if may_invite else ""
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _invitable(self, request: HttpRequest, ids: list[str]) -> QuerySet[Session]:
        """The sessions named in the request that the user may invite to: those they may edit.

        Sessions they cannot see are left out silently (nothing leaks); those they see but
        may not edit are named in a warning; none at all is a 404.
        """
        visible = self.get_queryset(request).filter(pk__in=[int(pk) for pk in ids if pk.isdigit()])
        allowed = self.permitted_rows(request, visible, Can.EDIT)
        if not allowed:
            raise Http404
        return Session.objects.filter(pk__in=[s.pk for s in allowed]).select_related("edition").order_by("start")

    def invite_view(self, request: HttpRequest) -> HttpResponse:
        """GET: the form for ``?sessions=…``; POST: the invitations, one per session, through one service."""
        data = request.POST if request.method == "POST" else request.GET
        # The sessions the page offers: asked for by the link, then carried by the form (the
        # ticked ones are its "sessions" field, checked against these).
        sessions = self._invitable(request, data.getlist("offered" if request.method == "POST" else "sessions"))
        back = data.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        if request.method == "POST":
            form = InviteForm(request.POST, sessions=sessions)
            if form.is_valid():
                cleaned = form.cleaned_data
                try:
                    made = invitations.invite_speakers(
                        sessions=list(cleaned["sessions"]),
                        speaker=cleaned["speaker"],
                        email=cleaned["email"],
                        name=cleaned["name"],
                        role=cleaned["role"],
                        language=cleaned["language"],
                        note=cleaned["note"],
                        user=request.user,
                    )
                except invitations.InvitationError as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(
                        request, _("%(count)d invitation(s) sent.") % {"count": len(made)}, messages.SUCCESS
                    )
                    return HttpResponseRedirect(back or reverse("admin:speakers_invitation_changelist"))
        else:
            form = InviteForm(initial={"sessions": list(sessions)}, sessions=sessions)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a speaker"),
            "opts": self.opts,
            "form": form,
            "sessions": sessions,
            "next": back,
        }
        return TemplateResponse(request, "admin/speakers/invite.html", context)


admin.site.unregister(Session)
admin.site.register(Session, InvitingSessionAdmin)
