"""``registration.created`` and ``registration.updated``: webhook events for the
partner that made a registration through the API.

Registered with ``attendees.changes`` in ``NotificationsConfig.ready``
(attendees may not import notifications). Rules:

- only registrations a partner made (``Registration.partner``), and only to
  that partner's active subscriptions to the event that cover the
  registration's edition: never another partner's attendees;
- in the transaction of the change, as ``WebhookDelivery`` rows delivered after
  commit (``notifications.webhooks``): a rolled-back change sends nothing;
- ``registration.updated`` for every change ``attendees.changes`` announces
  (a status change, or a sub-forum choice promoted from its waiting list);
- the event's ``data`` is the registration exactly as
  ``GET /api/v1/registrations/<code>/`` shows it (the same serializer), in the
  site's default language, as that endpoint answers without Accept-Language.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation

from attendees import changes
from attendees.api.serializers import RegistrationSerializer
from attendees.models import Registration, SubForumChoice
from notifications.enums import WebhookEvent
from notifications.webhooks import Event, queue_events

EVENTS = {changes.CREATED: WebhookEvent.REGISTRATION_CREATED, changes.UPDATED: WebhookEvent.REGISTRATION_UPDATED}


class _AsTheApiShowsThem:
    """The registrations' event data, all read together the first time one is wanted."""

    def __init__(self, registration_ids: list[int]) -> None:
        self.registration_ids = registration_ids
        self.shown: dict[int, dict[str, Any]] | None = None

    def data(self, registration_id: int) -> dict[str, Any]:
        if self.shown is None:
            registrations = (
                Registration.objects.filter(pk__in=self.registration_ids)
                .select_related("edition", "registration_type")
                .prefetch_related(Prefetch("choices", queryset=SubForumChoice.objects.select_related("sub_forum")))
            )
            with translation.override(settings.LANGUAGE_CODE):
                self.shown = {r.pk: dict(RegistrationSerializer(r).data) for r in registrations}
        return self.shown[registration_id]


def made_by_a_partner(registration: Registration) -> bool:
    return registration.partner_id is not None


def queue_registration_events(announced: Sequence[tuple[Registration, changes.Change]]) -> int:
    """Queue the event of each change for its registration's partner; returns the deliveries written."""
    mine = [(registration, change) for registration, change in announced if made_by_a_partner(registration)]
    shown = _AsTheApiShowsThem([registration.pk for registration, _change in mine])
    events = []
    for registration, change in mine:
        event = EVENTS[change]
        suffix = "" if change == changes.CREATED else f":{uuid.uuid4().hex[:16]}"  # a registration changes often
        events.append(
            Event(
                event=event,
                edition=registration.edition,
                organisation_id=registration.partner_id,
                event_id=f"{event}:{registration.pk}{suffix}",
                data=functools.partial(shown.data, registration.pk),
            )
        )
    return queue_events(events)
