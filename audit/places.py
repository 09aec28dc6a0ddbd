"""Where an object lives, for the audit trail: its forum, edition and sub-forums.

The domain apps register a resolver per model from their ``AppConfig.ready``
(this app imports none of them). An entry is shown to the team members whose
membership covers one of its places (``forums.admin.audit_log``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class Place:
    forum_id: int
    edition_id: int | None = None
    sub_forum_id: int | None = None


Resolver = Callable[[Model], Iterable[Place]]

_resolvers: dict[type[Model], Resolver] = {}


def register(model: type[Model], resolver: Resolver) -> None:
    """Say where rows of ``model`` live (registering a model again replaces its resolver)."""
    _resolvers[model] = resolver


def places_of(obj: Model) -> list[Place]:
    """The places of ``obj`` (none for a model without a resolver: then only superusers and the actor see it)."""
    resolver = _resolvers.get(type(obj)._meta.concrete_model)
    return list(dict.fromkeys(resolver(obj))) if resolver is not None else []
