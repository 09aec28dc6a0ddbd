"""Where registrations live, for the audit trail (``audit.places``): their edition,
and each sub-forum they chose, so each sub-forum's host sees what concerns theirs."""

from __future__ import annotations

from collections.abc import Iterable

from attendees.models import Registration, RegistrationType, SubForumChoice
from audit import places
from audit.places import Place


def registration_places(registration: Registration) -> list[Place]:
    forum_id = registration.edition.forum_id
    sub_forum_ids = sorted(
        SubForumChoice.objects.filter(registration_id=registration.pk).values_list("sub_forum_id", flat=True)
    )
    if not sub_forum_ids:
        return [Place(forum_id=forum_id, edition_id=registration.edition_id)]
    return [Place(forum_id=forum_id, edition_id=registration.edition_id, sub_forum_id=pk) for pk in sub_forum_ids]


def _type(registration_type: RegistrationType) -> Iterable[Place]:
    return [Place(forum_id=registration_type.edition.forum_id, edition_id=registration_type.edition_id)]


def _choice(choice: SubForumChoice) -> Iterable[Place]:
    edition = choice.registration.edition
    return [Place(forum_id=edition.forum_id, edition_id=edition.pk, sub_forum_id=choice.sub_forum_id)]


def register() -> None:
    places.register(Registration, registration_places)
    places.register(RegistrationType, _type)
    places.register(SubForumChoice, _choice)
