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

import uuid
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation

from attendees import changes
from attendees.api.serializers import RegistrationSerializer
from attendees.models import Registration, SubForumChoice
from notifications.enums import WebhookEvent
from notifications.webhooks import queue_event

EVENTS = {changes.CREATED: WebhookEvent.REGISTRATION_CREATED, changes.UPDATED: WebhookEvent.REGISTRATION_UPDATED}


def _as_the_api_shows_it(registration_id: int) -> dict[str, Any]:
    registration = (
        Registration.objects.select_related("edition", "registration_type")
        .prefetch_related(Prefetch("choices", queryset=SubForumChoice.objects.select_related("sub_forum")))
        .get(pk=registration_id)
    )
    with translation.override(settings.LANGUAGE_CODE):
        return dict(RegistrationSerializer(registration).data)


def made_by_a_partner(registration: Registration) -> bool:
    return registration.partner_id is not None


def queue_registration_event(registration: Registration, change: changes.Change) -> int:
    """Queue the event of ``change`` for the registration's partner; returns the deliveries written."""
    if not made_by_a_partner(registration):
        return 0
    event = EVENTS[change]
    suffix = "" if change == changes.CREATED else f":{uuid.uuid4().hex[:16]}"  # a registration changes often
    return queue_event(
        event=event,
        edition=registration.edition,
        organisation_id=registration.partner_id,
        event_id=f"{event}:{registration.pk}{suffix}",
        data=lambda: _as_the_api_shows_it(registration.pk),
    )
