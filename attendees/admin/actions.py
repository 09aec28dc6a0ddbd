"""Organiser actions on registrations, registration types and sub-forums, and the
guard of every page that edits a capacity.

Each action calls the same service the pages use and reports per registration,
so a refused one (e.g. not awaiting approval) is explained instead of failing
the batch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from attendees import services
from attendees.exceptions import RegistrationError
from attendees.models import Registration
from forums.admin.scope import ForumScopedAdminMixin
from forums.permissions import Can


def _apply(
    modeladmin: ForumScopedAdminMixin,
    request: HttpRequest,
    queryset: QuerySet[Registration],
    service: Callable[..., Registration],
) -> None:
    count = 0
    for registration in modeladmin.permitted_rows(request, queryset, Can.MANAGE_REGISTRATIONS):
        try:
            service(registration=registration, actor=request.user)
        except RegistrationError as error:
            modeladmin.message_user(request, f"{registration.code}: {error.message}", messages.WARNING)
        else:
            count += 1
    total = len(queryset)
    modeladmin.message_user(
        request, _("%(count)d of %(total)d registrations updated.") % {"count": count, "total": total}
    )


@admin.action(
    description=_("Approve selected registrations (the attendee is told)"), permissions=["manage_registrations"]
)
def approve_registrations(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet) -> None:
    _apply(modeladmin, request, queryset, services.approve_registration)


@admin.action(
    description=_("Reject selected registrations (the attendee is told)"), permissions=["manage_registrations"]
)
def reject_registrations(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet) -> None:
    _apply(modeladmin, request, queryset, services.reject_registration)


@admin.action(
    description=_("Cancel selected registrations (the attendee is told)"), permissions=["manage_registrations"]
)
def cancel_registrations(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet) -> None:
    _apply(modeladmin, request, queryset, services.cancel_registration)


@admin.action(description=_("Fill free places from the waiting list"), permissions=["manage_registrations"])
def promote_registration_types(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet) -> None:
    rows = modeladmin.permitted_rows(request, queryset, Can.MANAGE_REGISTRATIONS)
    promoted = sum(services.promote_waitlist(registration_type=rt, actor=request.user) for rt in rows)
    modeladmin.message_user(request, _("%(count)d promoted from the waiting list.") % {"count": promoted})


@admin.action(description=_("Fill free places from the waiting list"), permissions=["manage_registrations"])
def promote_sub_forums(modeladmin: ForumScopedAdminMixin, request: HttpRequest, queryset: QuerySet) -> None:
    rows = modeladmin.permitted_rows(request, queryset, Can.MANAGE_REGISTRATIONS)
    promoted = sum(services.promote_waitlist(sub_forum=sf, actor=request.user) for sf in rows)
    modeladmin.message_user(request, _("%(count)d promoted from the waiting list.") % {"count": promoted})


# The CHECK constraints that keep places taken within the capacity (see the models).
OVERBOOKED_CONSTRAINTS = ("subforum_not_overbooked", "registration_type_not_overbooked")


class CapacityRaceMixin:
    """For the admin pages that edit a capacity (edition, sub-forum, registration type).

    The form refuses a capacity below the places taken (``CountedPlaces.clean``);
    if attendees take places between that check and the save, the database
    refuses the save instead. Then nothing is saved and the organiser is told,
    rather than shown a server error.
    """

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except IntegrityError as exc:
            if not any(name in str(exc) for name in OVERBOOKED_CONSTRAINTS):
                raise
        message = _(
            "Attendees took places while you were editing, so the new capacity is below the places taken. "
            "Nothing was saved; please look at the capacity again."
        )
        self.message_user(request, message, messages.ERROR)  # type: ignore[attr-defined]
        return HttpResponseRedirect(request.get_full_path())
