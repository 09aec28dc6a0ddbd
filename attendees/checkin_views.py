"""The staff check-in page: type or scan a code, see who may enter where."""

from __future__ import annotations

from django.contrib.auth.decorators import user_passes_test
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from attendees import selectors, services
from attendees.exceptions import RegistrationError
from attendees.forms import CheckInForm
from attendees.models import Registration
from forums.models import Edition


def _is_staff(user: object) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


@user_passes_test(_is_staff)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404
    sub_forums = list(edition.sub_forums.order_by("start", "order"))
    form = CheckInForm(request.POST or None, sub_forums=sub_forums, initial={"door": request.GET.get("door")})
    result: dict[str, object] | None = None
    door = None
    if request.method == "POST" and form.is_valid():
        door = next((sf for sf in sub_forums if sf.pk == form.cleaned_data["door"]), None)
        result = _check_in(edition, form.cleaned_data["code"], door)
        # A fresh form for the next person, at the same door.
        form = CheckInForm(sub_forums=sub_forums, initial={"door": door.pk if door else None})
    context = {"edition": edition, "form": form, "result": result, "door": door}
    return render(request, "attendees/checkin.html", context)


def _check_in(edition: Edition, code: str, door: object) -> dict[str, object]:
    try:
        registration = selectors.registration_by_code(code=code, edition=edition)
    except Registration.DoesNotExist:
        return {"ok": False, "message": _("No registration with the code %(code)s.") % {"code": code.upper()}}
    result: dict[str, object] = {
        "registration": registration,
        "sub_forums": selectors.confirmed_sub_forums(registration),
    }
    try:
        checked_in_at, first = services.check_in(registration=registration, sub_forum=door)
    except RegistrationError as error:
        result.update(ok=False, message=str(error.message))
        return result
    result.update(ok=True, first=first, checked_in_at=checked_in_at)
    return result
