"""The staff check-in page: type or scan a code, see who may enter where.

Who may check people in is ``forums.permissions``' rule: the edition's owners,
organisers and registration desk, at every door; a sub-forum host only at the
doors of its sub-forums. Anyone else — a viewer, another forum's organiser —
gets a 404, so the page does not reveal that the edition exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import user_passes_test
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from attendees import selectors, services
from attendees.exceptions import RegistrationError
from attendees.forms import CheckInForm
from attendees.models import Registration
from config.query_params import parse_id
from forums.models import Edition, SubForum
from forums.permissions import Access, Can, access_for


def _is_staff(user: object) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False))


def _may_check_in(access: Access, edition: Edition, door: SubForum | None) -> bool:
    sub_forum_id = door.pk if door is not None else None
    return access.allows_place(
        Can.CHECK_IN, forum_id=edition.forum_id, edition_id=edition.pk, sub_forum_id=sub_forum_id
    )


@never_cache  # attendees' names and statuses
@user_passes_test(_is_staff)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    access = access_for(request)
    edition = Edition.objects.filter(slug=slug).first()
    if edition is None:
        raise Http404
    # The doors this user may check people in at; the main entrance (None) only edition-wide.
    doors = [sf for sf in edition.sub_forums.order_by("start", "order") if _may_check_in(access, edition, sf)]
    main_entrance = _may_check_in(access, edition, None)
    if not doors and not main_entrance:
        raise Http404
    data = request.POST if request.method == "POST" else request.GET
    door = _door(data.get("door"), doors)
    if door is None and not main_entrance:
        door = doors[0]
    sub_forums = doors
    form = CheckInForm(
        request.POST or None,
        sub_forums=sub_forums,
        main_entrance=main_entrance,
        initial={"door": door.pk if door else None},
    )
    result: dict[str, object] | None = None
    if request.method == "POST" and form.is_valid():
        door = next((sf for sf in sub_forums if sf.pk == form.cleaned_data["door"]), None)
        result = _check_in(edition, form.cleaned_data["code"], door, actor=request.user)
        # A fresh form for the next person, at the same door.
        form = CheckInForm(
            sub_forums=sub_forums, main_entrance=main_entrance, initial={"door": door.pk if door else None}
        )
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


def _check_in(edition: Edition, code: str, door: SubForum | None, *, actor: Any) -> dict[str, object]:
    try:
        registration = selectors.registration_by_code(code=code, edition=edition)
    except Registration.DoesNotExist:
        return {"ok": False, "message": _("No registration with the code %(code)s.") % {"code": code.upper()}}
    result: dict[str, object] = {
        "registration": registration,
        "sub_forums": selectors.confirmed_sub_forums(registration),
    }
    try:
        checked_in_at, first = services.check_in(registration=registration, sub_forum=door, actor=actor)
    except RegistrationError as error:
        result.update(ok=False, message=str(error.message))
        return result
    result.update(ok=True, first=first, checked_in_at=checked_in_at)
    return result
