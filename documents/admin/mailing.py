"""E-mailing letters from the admin: the issued documents' action (per speaker) and the page that
sends every accepted speaker of an edition their invitation letter (a host: its sub-forums').

Both check ``send_mail`` with ``forums.permissions``: per selected letter for the action, the
user's part of the edition for the page (``speakers.scopes``); a user with no part gets 404.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from documents.mailing import mail_letters, plan_edition_mailing
from documents.services import issue_invitation_letters
from forums.models import Edition
from forums.permissions import Can
from speakers.scopes import edition_part, editions_with_part


def report(model_admin: Any, request: HttpRequest, sent: list, refused: list) -> None:
    if sent:
        model_admin.message_user(
            request,
            _("E-mailed to their speakers, with the PDF: %(numbers)s.")
            % {"numbers": ", ".join(d.number for d in sent)},
            messages.SUCCESS,
        )
    for _document, why in refused:
        model_admin.message_user(request, why, messages.WARNING)


def mail_selected(model_admin: Any, request: HttpRequest, queryset: QuerySet) -> None:
    """The action: each selected letter the user may write about goes to its speaker."""
    allowed = model_admin.permitted_rows(request, queryset.select_related("speaker", "edition"), Can.SEND_MAIL)
    sent, refused = mail_letters(documents=allowed, actor=request.user)
    report(model_admin, request, sent, refused)


def mailing_editions(model_admin: Any, request: HttpRequest) -> QuerySet[Edition]:
    """The editions whose letters the user may e-mail (some part of), latest first: the lists link them."""
    return editions_with_part(model_admin.access(request), Can.SEND_MAIL).order_by("-start")[:12]


def edition_mailing_view(model_admin: Any) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, edition_id: int) -> HttpResponse:
        edition = get_object_or_404(Edition.objects.select_related("forum"), pk=edition_id)
        part = edition_part(model_admin.access(request), edition, Can.SEND_MAIL)
        if part is None:
            raise Http404
        plan = plan_edition_mailing(edition=edition, sessions=part.sessions)
        may_issue = edition_part(model_admin.access(request), edition, Can.EDIT) is not None
        if request.method == "POST":
            if may_issue and request.POST.get("issue_missing"):
                # Those with an address but no letter get one first (the rule of the letters' own action).
                missing = [speaker for speaker in plan.without_letter if speaker.email]
                issue_invitation_letters(edition=edition, speakers=missing, issued_by=request.user)
                plan = plan_edition_mailing(edition=edition, sessions=part.sessions)
            sent, refused = mail_letters(documents=plan.to_send, actor=request.user)
            report(model_admin, request, sent, refused)
            return HttpResponseRedirect(request.path)
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "title": _("E-mail the invitation letters of %(edition)s") % {"edition": edition},
            "edition": edition,
            "whole_edition": part.whole,
            "plan": plan,
            "may_issue": may_issue and any(speaker.email for speaker in plan.without_letter),
        }
        return TemplateResponse(request, "admin/documents/mail_letters.html", context)

    return view
