"""Public registration pages: edition, sign-up, confirmation, self-service and ticket."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from attendees import page_cache, personal_agenda, selectors, services, tokens
from attendees.calendar import registration_calendar
from attendees.enums import ADMITTED_STATUSES, HOLDING_STATUSES, RegistrationStatus
from attendees.exceptions import InvalidStateError, RegistrationError
from attendees.forms import CancelForm, ChoicesForm, RegistrationForm, add_service_error
from attendees.models import Registration
from attendees.qr import ticket_qr
from config.client_ip import client_ip
from config.query_params import parse_ids
from forums.models import Edition
from forums.selectors import public_editions
from sessions.selectors import attendee_snapshot

CHANGEABLE_STATUSES = (*HOLDING_STATUSES, RegistrationStatus.WAITLISTED)


def _edition_or_404(slug: str) -> Edition:
    try:
        return selectors.edition_for_page(slug=slug)
    except Edition.DoesNotExist as exc:
        raise Http404 from exc


def _registration_page_or_404(slug: str) -> page_cache.RegistrationPage:
    try:
        return page_cache.registration_page(slug)
    except Edition.DoesNotExist as exc:
        raise Http404 from exc


def _registration_from_token(token: str) -> Registration:
    """A forged, edited or expired link answers 404 like an unknown one."""
    code = tokens.read_token(token, tokens.MANAGE)
    if code is None:
        raise Http404
    try:
        return selectors.registration_by_code(code=code)
    except Registration.DoesNotExist as exc:
        raise Http404 from exc


def _registration_refusal(edition: Edition) -> RegistrationError | None:
    try:
        services.check_registration_open(edition=edition)
    except RegistrationError as error:
        return error
    return None


def home(request: HttpRequest) -> HttpResponse:
    """The editions visitors can see, newest first."""
    editions = public_editions().select_related("forum", "venue").order_by("-start")
    return render(request, "attendees/home.html", {"editions": list(editions)})


def edition_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition_or_404(slug)
    context = {
        "edition": edition,
        "sub_forums": list(edition.sub_forums.all()),
        "registration_types": list(edition.registration_types.all()),
        "organising_roles": list(edition.organising_roles.all()),
        "refusal": _registration_refusal(edition),
    }
    return render(request, "attendees/edition_detail.html", context)


def _register_rate(group: str, request: HttpRequest) -> str:
    return settings.ATTENDEES_REGISTER_RATE


def _link_rate(group: str, request: HttpRequest) -> str:
    return settings.ATTENDEES_LINK_RATE


# Per client address (config.client_ip): a flood of form posts, or a sweep of links, is refused
# politely (too_many_requests) before it reaches the services.
limit_registrations = ratelimit(group="register", key="ip", rate=_register_rate, method="POST", block=True)
limit_links = ratelimit(group="links", key="ip", rate=_link_rate, method=ratelimit.ALL, block=True)


def personal_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page behind someone's personal link: rate-limited, and kept by no cache (no-store, private)."""
    return limit_links(never_cache(view))


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Every rate-limited page answers 429 with a page that says what to do."""
    context = {"message": _("Too many requests from your network. Please wait a minute and try again.")}
    response = render(request, "attendees/too_many.html", context, status=429)
    response["Retry-After"] = "60"
    return response


@limit_registrations
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    page = _registration_page_or_404(slug)
    edition, sub_forums, registration_types = page.edition, page.sub_forums, page.registration_types
    refusal = _registration_refusal(edition)
    form_kwargs = {"edition": edition, "sub_forums": sub_forums, "registration_types": registration_types}
    form = RegistrationForm(request.POST or None, **form_kwargs) if refusal is None else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register_attendee(
                edition=edition,
                registration_type=data["registration_type"],
                name=data["name"],
                email=data["email"],
                sub_forums=list(data["sub_forums"]),
                phone=data["phone"],
                organisation=data["organisation"],
                job_title=data["job_title"],
                country=data["country"],
                language=data["language"],
                client_ip=client_ip(request),
            )
        except RegistrationError as error:
            add_service_error(form, error)
        else:
            url = reverse("attendees:registered", kwargs={"slug": edition.slug})
            query = {"status": registration.status}
            if registration.waiting_sub_forum_ids:
                query["waiting"] = ",".join(map(str, registration.waiting_sub_forum_ids))
            return redirect(f"{url}?{urlencode(query)}")
    context = {
        "edition": edition,
        "form": form,
        "refusal": refusal,
        "open_to_all": [sf for sf in sub_forums if not sf.requires_registration],
    }
    status = 200 if form is None or not form.errors else 400
    return render(request, "attendees/register.html", context, status=status)


def registered(request: HttpRequest, slug: str) -> HttpResponse:
    """After registering: check your e-mail, and which chosen sub-forums were full (their waiting list)."""
    page = _registration_page_or_404(slug)
    waitlisted = request.GET.get("status") == RegistrationStatus.WAITLISTED
    waiting_ids = parse_ids(request.GET.get("waiting"))
    context = {
        "edition": page.edition,
        "waitlisted": waitlisted,
        # Only the edition's own sub-forums, whatever the query says.
        "waiting_sub_forums": [sf for sf in page.sub_forums if sf.pk in waiting_ids],
    }
    return render(request, "attendees/registered.html", context)


@personal_link
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The double opt-in link. Following it twice is harmless."""
    code = tokens.read_token(token, tokens.CONFIRM)
    registration = Registration.objects.filter(code=code).first() if code else None
    if registration is None:
        raise Http404
    try:
        registration = services.confirm_registration(registration=registration)
    except RegistrationError as error:
        context = {"edition": registration.edition, "message": error.message}
        return render(request, "attendees/problem.html", context, status=410 if error.code == "expired" else 409)
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.info(request, _("Your e-mail address is confirmed. You keep your place on the waiting list."))
    elif registration.status == RegistrationStatus.AWAITING_APPROVAL:
        messages.info(request, _("Your e-mail address is confirmed. The organisers will review your registration."))
    else:
        messages.success(request, _("Your registration is confirmed. See you there!"))
    return redirect(tokens.manage_path(registration.code))


@personal_link
def manage(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    return _render_manage(request, token, registration)


def _render_manage(
    request: HttpRequest,
    token: str,
    registration: Registration,
    choices_form: ChoicesForm | None = None,
    cancel_form: CancelForm | None = None,
    status: int = 200,
) -> HttpResponse:
    edition = registration.edition
    changeable = registration.status in CHANGEABLE_STATUSES
    sub_forums = list(edition.sub_forums.select_related("room").order_by("start", "order"))
    if choices_form is None and changeable:
        chosen = [c.sub_forum_id for c in registration.choices.all()]
        choices_form = ChoicesForm(initial={"sub_forums": chosen}, edition=edition, sub_forums=sub_forums)
    context = {
        "edition": edition,
        "registration": registration,
        "choices": list(registration.choices.all()),
        "token": token,
        "changeable": changeable,
        "admits": registration.status in ADMITTED_STATUSES,
        "choices_form": choices_form if changeable else None,
        "cancel_form": (cancel_form or CancelForm()) if changeable else None,
        **_programme_context(registration),
    }
    return render(request, "attendees/manage.html", context, status=status)


def _programme_context(registration: Registration) -> dict[str, object]:
    """The attendee's own programme and calendar feed, for a registration that has them."""
    if not personal_agenda.plans(registration):
        return {}
    starred = personal_agenda.starred_guids(registration)
    programme = personal_agenda.programme(
        attendee_snapshot(registration.edition),
        sub_forum_ids=personal_agenda.chosen_sub_forum_ids(registration),
        starred=starred,
        language=translation.get_language() or registration.language,
    )
    generation = personal_agenda.feed_generation(registration)
    return {"programme": programme, "feed": tokens.feed_urls(registration.code, generation)}


@personal_link
@require_POST
def manage_choices(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    if registration.status not in CHANGEABLE_STATUSES:  # e.g. cancelled in another tab: say so on the page
        return _refused(request, token, InvalidStateError())
    edition = registration.edition
    sub_forums = list(edition.sub_forums.select_related("room").order_by("start", "order"))
    form = ChoicesForm(request.POST, edition=edition, sub_forums=sub_forums)
    if form.is_valid():
        try:
            services.change_sub_forums(registration=registration, sub_forums=list(form.cleaned_data["sub_forums"]))
        except InvalidStateError as error:  # it changed while this request ran
            return _refused(request, token, error)
        except RegistrationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your sub-forum choices are saved."))
            return redirect("attendees:manage", token=token)
    return _render_manage(request, token, registration, choices_form=form, status=400)


def _refused(request: HttpRequest, token: str, error: RegistrationError) -> HttpResponse:
    messages.error(request, str(error.message))
    return redirect("attendees:manage", token=token)


@personal_link
@require_POST
def manage_cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_registration(registration=registration)
        except RegistrationError as error:
            return _refused(request, token, error)
        messages.success(request, _("Your registration is cancelled."))
        return redirect("attendees:manage", token=token)
    return _render_manage(request, token, registration, cancel_form=form, status=400)


@personal_link
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    admits = registration.status in ADMITTED_STATUSES
    context = {
        "edition": registration.edition,
        "registration": registration,
        "token": token,
        "admits": admits,
        "sub_forums": selectors.confirmed_sub_forums(registration),
        # The QR code carries only the registration code: nothing personal is in it.
        "qr_svg": ticket_qr(registration.code).svg_inline(scale=6, title=registration.code, omitsize=True)
        if admits
        else "",
    }
    return render(request, "attendees/ticket.html", context)


@personal_link
def ticket_ics(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    calendar = registration_calendar(
        registration,
        language=translation.get_language() or registration.language,
        starred=personal_agenda.starred_guids(registration),
    )
    response = HttpResponse(calendar, content_type="text/calendar; charset=utf-8")
    filename = f"{registration.edition.slug}-{registration.code}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
