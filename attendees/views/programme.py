"""The attendee's own programme: starring sessions of other sub-forums, and the
personal calendar feed (a signed ``webcal://`` link that follows every
republished agenda)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from attendees import personal_agenda, selectors, tokens
from attendees.calendar import registration_calendar
from attendees.exceptions import RegistrationError, UnknownSessionError
from attendees.models import Registration
from attendees.views.pages import _registration_from_token, limit_links, personal_link
from config.languages import normalise_language
from sessions import agenda_reader
from sessions.agenda_cache import etag_for
from sessions.responses import if_none_match, not_modified
from sessions.selectors import attendee_snapshot

# A calendar application may check its copy with If-None-Match; nothing shared keeps it.
FEED_CACHE_CONTROL = "private, no-cache"


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.META.get("HTTP_ACCEPT", "")


@personal_link
@require_GET
def other_sessions(request: HttpRequest, token: str) -> HttpResponse:
    """The sessions of the sub-forums the attendee has no place in, to star."""
    registration = _registration_from_token(token)
    if not personal_agenda.plans(registration):
        return redirect("attendees:manage", token=token)
    context = {
        "edition": registration.edition,
        "registration": registration,
        "token": token,
        "sub_forums": personal_agenda.other_sessions(
            attendee_snapshot(registration.edition),
            sub_forum_ids=personal_agenda.chosen_sub_forum_ids(registration),
            starred=personal_agenda.starred_guids(registration),
            language=translation.get_language() or registration.language,
        ),
    }
    return render(request, "attendees/other_sessions.html", context)


@personal_link
@require_POST
def star(request: HttpRequest, token: str) -> HttpResponse:
    """Star (``starred=1``) or unstar a session; answers JSON to the page's script, else goes back."""
    registration = _registration_from_token(token)
    wanted = request.POST.get("starred") == "1"
    try:
        starred = personal_agenda.star_session(
            registration=registration, session_guid=request.POST.get("session", ""), starred=wanted
        )
    except UnknownSessionError as exc:
        raise Http404 from exc
    except RegistrationError as error:
        if _wants_json(request):
            return JsonResponse({"error": str(error.message)}, status=409)
        messages.error(request, str(error.message))
        return redirect("attendees:manage", token=token)
    if _wants_json(request):
        return JsonResponse({"starred": starred})
    messages.success(request, _("Added to your programme.") if starred else _("Removed from your programme."))
    back = "attendees:other_sessions" if request.POST.get("back") == "other" else "attendees:manage"
    return redirect(back, token=token)


@personal_link
@require_POST
def reissue_feed(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    try:
        personal_agenda.reissue_feed(registration=registration)
    except RegistrationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Your calendar has a new address. The old one no longer works: subscribe again with the new one."),
        )
    return redirect(reverse("attendees:manage", kwargs={"token": token}) + "#calendar")


def _feed_registration(token: str) -> Registration:
    """The registration of a current feed link: a forged, edited or retired link answers 404."""
    read = tokens.read_feed_token(token)
    if read is None:
        raise Http404
    code, generation = read
    try:
        registration = selectors.registration_by_code(code=code)
    except Registration.DoesNotExist as exc:
        raise Http404 from exc
    if generation != personal_agenda.feed_generation(registration):
        raise Http404
    return registration


@limit_links
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal calendar feed: the attendee's programme as the latest
    published agenda has it, so a moved session moves in their calendar.
    Gone (410) once the registration is cancelled, rejected or expired."""
    registration = _feed_registration(token)
    if not personal_agenda.plans(registration):
        return HttpResponse(_("This registration was cancelled."), status=410, content_type="text/plain")
    language = normalise_language(request.GET.get("lang")) or registration.language
    sub_forum_ids = personal_agenda.chosen_sub_forum_ids(registration)
    starred = personal_agenda.starred_guids(registration)
    served = agenda_reader.resolve(registration.edition.slug)
    etag = etag_for(served.seed, "feed", language, ",".join(map(str, sub_forum_ids)), ",".join(starred))
    if if_none_match(request, etag):
        return not_modified(etag, FEED_CACHE_CONTROL)
    body = registration_calendar(registration, language=language, starred=starred)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = FEED_CACHE_CONTROL
    response["Content-Disposition"] = f'inline; filename="{registration.edition.slug}-programme.ics"'
    return response
