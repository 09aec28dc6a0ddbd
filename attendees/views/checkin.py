"""The staff check-in page: type or scan a code, see who may enter where.

Only the edition's forum organisers (and superusers) may check people in, by the
same rule as the organiser admin (``forums.admin.scope.editable_forum_ids``): a
read-only viewer, or another forum's organiser, gets a 404, so the page does not
reveal that the edition exists.
"""

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
from config.query_params import parse_id
from forums.admin.scope import editable_forum_ids
from forums.models import Edition, SubForum


def _is_staff(user: object) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


def may_check_in(request: HttpRequest, edition: Edition) -> bool:
    """Checking in changes data: superusers and the edition's forum organisers may, viewers may not."""
    return request.user.is_superuser or edition.forum_id in editable_forum_ids(request)


@user_passes_test(_is_staff)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None or not may_check_in(request, edition):
        raise Http404
    sub_forums = list(edition.sub_forums.order_by("start", "order"))
    data = request.POST if request.method == "POST" else request.GET
    door = _door(data.get("door"), sub_forums)
    form = CheckInForm(request.POST or None, sub_forums=sub_forums, initial={"door": door.pk if door else None})
    result: dict[str, object] | None = None
    if request.method == "POST" and form.is_valid():
        door = next((sf for sf in sub_forums if sf.pk == form.cleaned_data["door"]), None)
        result = _check_in(edition, form.cleaned_data["code"], door)
        # A fresh form for the next person, at the same door.
        form = CheckInForm(sub_forums=sub_forums, initial={"door": door.pk if door else None})
    context = {"edition": edition, "sub_forums": sub_forums, "form": form, "result": result, "door": door}
    if door is not None:
        # Read after the check-in above, so the list already shows this person.
        door_list = selectors.door_attendees(door)
        context["door_list"] = door_list
        context["door_checked_in"] = sum(1 for choice in door_list if choice.checked_in_at is not None)
    return render(request, "attendees/checkin.html", context)


def _door(value: str | None, sub_forums: list[SubForum]) -> SubForum | None:
    """The sub-forum whose door the page is at, from the loaded list; an unknown value means the main entrance."""
    pk = parse_id(value)
    return next((sf for sf in sub_forums if sf.pk == pk), None)


def _check_in(edition: Edition, code: str, door: SubForum | None) -> dict[str, object]:
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
