"""Where the speakers' rows live, for the audit trail (``audit.places``): an invitation or a
file at its session, a travel plan at its edition. Consents and profiles are the
speaker's (placed where they speak, by sessions.audit_places)."""

from __future__ import annotations

from collections.abc import Iterable

from audit import places
from audit.places import Place
from sessions.models import Session
from speakers.models import Invitation, Material, TravelPlan


def _session(session: Session) -> Iterable[Place]:
    return [Place(forum_id=session.edition.forum_id, edition_id=session.edition_id, sub_forum_id=session.sub_forum_id)]


def register() -> None:
    places.register(Invitation, lambda invitation: _session(invitation.session))
    places.register(Material, lambda material: _session(material.session))
    places.register(TravelPlan, lambda plan: [Place(forum_id=plan.edition.forum_id, edition_id=plan.edition_id)])
