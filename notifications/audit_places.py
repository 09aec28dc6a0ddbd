"""Where reminder rules live, for the audit trail (``audit.places``)."""

from __future__ import annotations

from collections.abc import Iterable

from audit import places
from audit.places import Place
from notifications.models import ReminderRule, ReminderTemplate


def _rule(rule: ReminderRule) -> Iterable[Place]:
    return [Place(forum_id=rule.edition.forum_id, edition_id=rule.edition_id, sub_forum_id=rule.sub_forum_id)]


def register() -> None:
    places.register(ReminderRule, _rule)
    places.register(ReminderTemplate, lambda template: _rule(template.rule))
