"""The invitee's page: what they are invited to, accept, or decline with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speakers import invitations, tokens
from speakers.enums import InvitationStatus
from speakers.forms import DeclineForm
from speakers.models import Invitation, SpeakerProfile
from speakers.views.links import invitation_or_404, personal_link

STATUS_FOR_ERROR = {"expired": 410, "withdrawn": 410, "answered": 409}


def _page(
    request: HttpRequest,
    token: str,
    invitation: Invitation,
    *,
    form: DeclineForm | None = None,
    problem: str = "",
    status: int = 200,
) -> HttpResponse:
    profile_url = ""
    if invitation.status == InvitationStatus.ACCEPTED and invitation.speaker_id:
        profile = SpeakerProfile.objects.filter(speaker_id=invitation.speaker_id).first()
        profile_url = tokens.profile_path(profile) if profile else ""
    context = {
        "invitation": invitation,
        "session": invitation.session,
        "edition": invitation.session.edition,
        "token": token,
        "open": invitation.status in (InvitationStatus.SENT, InvitationStatus.OPENED),
        "form": form or DeclineForm(),
        "problem": problem,
        "profile_url": profile_url,
    }
    return render(request, "speakers/invitation.html", context, status=status)


@personal_link
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_or_404(token)
    invitations.open_invitation(invitation=found)
    return _page(request, token, found)


@personal_link
@require_POST
def accept(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_or_404(token)
    try:
        accepted = invitations.accept_invitation(invitation=found)
    except invitations.InvitationError as error:
        found.refresh_from_db()
        return _page(request, token, found, problem=str(error.message), status=STATUS_FOR_ERROR.get(error.code, 409))
    messages.success(request, _("Thank you for accepting! Please check your profile and tell us your travel plans."))
    return redirect(tokens.profile_path(SpeakerProfile.objects.get(speaker_id=accepted.speaker_id)))


@personal_link
@require_POST
def decline(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_or_404(token)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _page(request, token, found, form=form, status=400)
    try:
        declined = invitations.decline_invitation(invitation=found, reason=form.cleaned_data["reason"])
    except invitations.InvitationError as error:
        found.refresh_from_db()
        return _page(request, token, found, problem=str(error.message), status=STATUS_FOR_ERROR.get(error.code, 409))
    messages.info(request, _("Thank you for letting us know. The organisers have been told."))
    return _page(request, token, declined)
