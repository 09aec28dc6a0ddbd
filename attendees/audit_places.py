"""Where registrations live, for the audit trail (``audit.places``): their edition,
and each sub-forum they chose, so each sub-forum's host sees what concerns theirs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from attendees.models import Registration, RegistrationType, SubForumChoice
from audit import places
from audit.places import Place


def registration_places(registration: Registration) -> list[Place]:
    return registrations_places([registration])[0]


def registrations_places(registrations: Sequence[Registration]) -> list[list[Place]]:
    """The places of each registration (one query for all their choices)."""
    chosen: dict[int, list[int]] = {}
    choices = SubForumChoice.objects.filter(registration_id__in=[r.pk for r in registrations]).order_by("sub_forum_id")
    for registration_id, sub_forum_id in choices.values_list("registration_id", "sub_forum_id"):
        chosen.setdefault(registration_id, []).append(sub_forum_id)
    found = []
    for registration in registrations:
        forum_id, edition_id = registration.edition.forum_id, registration.edition_id
        sub_forum_ids = chosen.get(registration.pk)
        if not sub_forum_ids:
            found.append([Place(forum_id=forum_id, edition_id=edition_id)])
        else:
            found.append([Place(forum_id=forum_id, edition_id=edition_id, sub_forum_id=pk) for pk in sub_forum_ids])
    return found


def _type(registration_type: RegistrationType) -> Iterable[Place]:
    return [Place(forum_id=registration_type.edition.forum_id, edition_id=registration_type.edition_id)]


def _choice(choice: SubForumChoice) -> Iterable[Place]:
    edition = choice.registration.edition
    return [Place(forum_id=edition.forum_id, edition_id=edition.pk, sub_forum_id=choice.sub_forum_id)]


def register() -> None:
    places.register(Registration, registration_places, many=registrations_places)
    places.register(RegistrationType, _type)
    places.register(SubForumChoice, _choice)
