"""A speaker's own pages, behind their signed link (no password): profile and photo,
consents, sessions across editions with slides and papers, travel needs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums.models import Edition
from sessions.models import Session
from speakers import selectors, services
from speakers.forms import ConsentForm, MaterialForm, PhotoForm, ProfileForm, TravelForm
from speakers.models import Material, SpeakerProfile, TravelPlan
from speakers.views.links import personal_link, profile_or_404


def _sessions(profile: SpeakerProfile) -> Any:
    return Session.objects.filter(speaker_roles__speaker_id=profile.speaker_id).distinct().order_by("-start")


def _hub(request: HttpRequest, token: str, profile: SpeakerProfile, status: int = 200, **forms: Any) -> HttpResponse:
    speaker = profile.speaker
    roles = list(selectors.speaker_roles(speaker))
    materials = list(Material.objects.filter(speaker=speaker).order_by("-uploaded_at"))
    by_session: dict[int, list[Material]] = {}
    for material in materials:
        by_session.setdefault(material.session_id, []).append(material)
    editions: dict[int, Edition] = {}
    for role in roles:
        editions.setdefault(role.session.edition_id, role.session.edition)
    plans = {p.edition_id: p for p in TravelPlan.objects.filter(speaker=speaker, edition_id__in=list(editions))}
    context = {
        "token": token,
        "profile": profile,
        "speaker": speaker,
        "roles": [(role, by_session.get(role.session_id, [])) for role in roles],
        "editions": [(edition, plans.get(pk)) for pk, edition in editions.items()],
        "profile_form": forms.get("profile_form")
        or ProfileForm(instance=speaker, initial={"language": profile.language}),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "consent_form": forms.get("consent_form")
        or ConsentForm(
            initial={
                "biography": speaker.publish_biography,
                "photo": speaker.publish_photo,
                "recording": profile.publish_recording,
            }
        ),
        "material_form": forms.get("material_form") or MaterialForm(sessions=_sessions(profile)),
        "given_elsewhere": selectors.consents_given_elsewhere(speaker),
    }
    return render(request, "speakers/profile.html", context, status=status)


@personal_link
def profile(request: HttpRequest, token: str) -> HttpResponse:
    found = profile_or_404(token)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=found.speaker)
        if not form.is_valid():
            return _hub(request, token, found, status=400, profile_form=form)
        services.update_profile(
            speaker=found.speaker, changes=form.cleaned_data, language=form.cleaned_data["language"]
        )
        messages.success(request, _("Your profile is saved."))
        return redirect(request.path)
    return _hub(request, token, found)


@personal_link
@require_POST
def photo(request: HttpRequest, token: str) -> HttpResponse:
    found = profile_or_404(token)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _hub(request, token, found, status=400, photo_form=form)
    services.set_photo(speaker=found.speaker, upload=form.cleaned_data["photo"])
    messages.success(request, _("Your photo is saved."))
    return redirect("speakers:profile", token=token)


@personal_link
@require_POST
def consent(request: HttpRequest, token: str) -> HttpResponse:
    found = profile_or_404(token)
    form = ConsentForm(request.POST)
    form.is_valid()  # check boxes: nothing can be invalid
    services.record_consents(speaker=found.speaker, answers=form.cleaned_data, language=get_language() or "")
    messages.success(request, _("Your answers about publishing are recorded."))
    return redirect("speakers:profile", token=token)


@personal_link
@require_POST
def upload_material(request: HttpRequest, token: str) -> HttpResponse:
    found = profile_or_404(token)
    form = MaterialForm(request.POST, request.FILES, sessions=_sessions(found))
    if not form.is_valid():
        return _hub(request, token, found, status=400, material_form=form)
    services.add_material(
        speaker=found.speaker,
        session=form.cleaned_data["session"],
        kind=form.cleaned_data["kind"],
        upload=form.cleaned_data["file"],
    )
    messages.success(request, _("Your file is uploaded. The organisers will publish it when they are ready."))
    return redirect("speakers:profile", token=token)


def material_response(material: Material) -> FileResponse:
    """The file as a download under its original name, never shown inline."""
    response = FileResponse(
        material.file.open("rb"),
        as_attachment=True,
        filename=material.original_name,
        content_type=material.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@personal_link
def own_material(request: HttpRequest, token: str, key: str) -> FileResponse:
    found = profile_or_404(token)
    material = Material.objects.filter(key=key, speaker_id=found.speaker_id).first()
    if material is None:
        raise Http404
    return material_response(material)


def published_material(request: HttpRequest, key: str) -> FileResponse:
    """Anyone may download a file the organisers published; any other answers 404."""
    material = Material.objects.filter(key=key, is_published=True).first()
    if material is None:
        raise Http404
    return material_response(material)


@personal_link
def travel(request: HttpRequest, token: str, edition_id: int) -> HttpResponse:
    found = profile_or_404(token)
    if not selectors.is_accepted(speaker=found.speaker, edition=edition_id):
        raise Http404
    edition = Edition.objects.get(pk=edition_id)
    plan = TravelPlan.objects.filter(speaker=found.speaker, edition=edition).first()
    with timezone.override(edition.tz):  # times are typed and shown in the forum's own zone
        if request.method == "POST":
            form = TravelForm(request.POST, instance=plan)
            if form.is_valid():
                services.save_travel(speaker=found.speaker, edition=edition, details=form.cleaned_data)
                messages.success(request, _("Your travel details are saved. Thank you!"))
                return redirect("speakers:profile", token=token)
            status = 400
        else:
            form, status = TravelForm(instance=plan), 200
        context = {"token": token, "profile": found, "edition": edition, "form": form}
        return render(request, "speakers/travel.html", context, status=status)
