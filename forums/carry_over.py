"""What a new edition takes over from the previous one, step by step.

``forums.services.create_edition_from_previous`` makes the new edition and runs
the steps asked for, in their order, in its transaction. This app provides the
steps for its own rows (organising roles, sub-forums); the apps above register
theirs from their ``AppConfig.ready`` (registration types, reminder rules …),
so the carry-over grows with the system without this app importing them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from forums.models import Edition


@dataclass(frozen=True)
class CarryOver:
    """One carry-over in progress: from ``previous`` to the new ``edition``."""

    previous: Edition
    edition: Edition
    # Moves a moment of the previous edition to the new one (same wall-clock time, years later).
    shift: Callable[[dt.datetime | None], dt.datetime | None]
    # Who carries it over (recorded in the audit trail by steps that change existing rows).
    actor: Any = None


@dataclass(frozen=True)
class Step:
    key: str
    label: str | Promise
    run: Callable[[CarryOver], None]
    order: int


_steps: dict[str, Step] = {}


def register(*, key: str, label: str | Promise, run: Callable[[CarryOver], None], order: int) -> None:
    """Offer a carry-over step (registering a key again replaces it)."""
    _steps[key] = Step(key=key, label=label, run=run, order=order)


def steps() -> list[Step]:
    """Every registered step, in the order they run."""
    return sorted(_steps.values(), key=lambda step: step.order)
