"""Where an object lives, for the audit trail: its forum, edition and sub-forums.

The domain apps register a resolver per model from their ``AppConfig.ready``
(this app imports none of them). An entry is shown to the team members whose
membership covers one of its places (``forums.admin.audit_log``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Model


@dataclass(frozen=True)
class Place:
    forum_id: int
    edition_id: int | None = None
    sub_forum_id: int | None = None


Resolver = Callable[[Model], Iterable[Place]]
# The places of many rows at once (a list per row, in their order): a few queries, not one per row.
ManyResolver = Callable[[Sequence[Model]], list[Iterable[Place]]]

_resolvers: dict[type[Model], Resolver] = {}
_many_resolvers: dict[type[Model], ManyResolver] = {}


def register(model: type[Model], resolver: Resolver, *, many: ManyResolver | None = None) -> None:
    """Say where rows of ``model`` live (registering a model again replaces its resolver);
    ``many``, when given, answers for many rows together what ``resolver`` answers for one."""
    _resolvers[model] = resolver
    if many is not None:
        _many_resolvers[model] = many
    else:
        _many_resolvers.pop(model, None)


def places_of(obj: Model) -> list[Place]:
    """The places of ``obj`` (none for a model without a resolver: then only superusers and the actor see it)."""
    resolver = _resolvers.get(type(obj)._meta.concrete_model)
    return list(dict.fromkeys(resolver(obj))) if resolver is not None else []


def places_of_many(objects: Sequence[Model]) -> list[list[Place]]:
    """``places_of`` each of ``objects``, those of a model with a ``many`` resolver together."""
    found: list[list[Place] | None] = [None] * len(objects)
    by_model: dict[type[Model], list[int]] = {}
    for index, obj in enumerate(objects):
        by_model.setdefault(type(obj)._meta.concrete_model, []).append(index)
    for model, indexes in by_model.items():
        many = _many_resolvers.get(model)
        if many is None:
            for index in indexes:
                found[index] = places_of(objects[index])
            continue
        for index, places in zip(indexes, many([objects[i] for i in indexes]), strict=True):
            found[index] = list(dict.fromkeys(places))
    return [places or [] for places in found]
