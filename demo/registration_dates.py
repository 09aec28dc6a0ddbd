"""When the demo's attendees registered: spread over the weeks before each edition's opening,
the way sign-ups for a forum come in, and the same on every load.

A forum's registrations come in three waves: a burst when registration is announced,
a steady trickle, and a rush in the last days before registration closes. Each
edition draws its moments from those waves with a generator seeded by its slug, so
loading the demo again gives the same dates (the loader writes only what differs), and
the dashboard's “registrations over time against the previous edition” shows two curves.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from forums.models import Edition

# Where an edition's registration window is not historical (the 19th opens sign-up
# around the day the demo is loaded), its sign-ups are spread over this many weeks.
DEFAULT_WINDOW = dt.timedelta(weeks=10)
# (share of the registrations, first and last fraction of the window they fall in)
WAVES = ((0.2, 0.0, 0.12), (0.45, 0.12, 0.8), (0.35, 0.8, 1.0))
# Local hours people register at (office hours, and in the evening), with their weights.
HOURS = ((9, 3), (10, 5), (11, 4), (14, 4), (15, 4), (16, 3), (17, 2), (20, 2), (21, 3), (22, 1))


def sign_up_window(edition: Edition) -> tuple[dt.datetime, dt.datetime]:
    """The historical registration window, or the ``DEFAULT_WINDOW`` up to the day before the opening."""
    last = edition.start - dt.timedelta(days=1)
    if edition.registration_closes is not None and edition.registration_closes < edition.start:
        last = edition.registration_closes
    first = last - DEFAULT_WINDOW
    if edition.registration_opens is not None and edition.registration_opens < last:
        first = edition.registration_opens
    return first, last


def registration_moments(edition: Edition, count: int) -> list[dt.datetime]:
    """``count`` moments, earliest first, at which the edition's demo registrations were made.

    Stratified: the i-th registration falls in the i-th ``count``-th of the waves, at a
    seeded random place within it, so even an edition of five registrations spreads over
    its window.
    """
    rng = random.Random(f"demo-registrations/{edition.slug}")  # noqa: S311 - demo data, not security
    first, last = sign_up_window(edition)
    span = last - first
    tz = edition.tz
    hours, hour_weights = zip(*HOURS, strict=True)
    moments = []
    for index in range(count):
        fraction = _place_in_window((index + rng.random()) / count)
        day = (first + span * fraction).astimezone(tz).date()
        moment = dt.datetime.combine(day, dt.time(rng.choices(hours, hour_weights)[0], rng.randrange(60)), tz)
        moments.append(min(max(moment, first), last))
    return sorted(moments)


def _place_in_window(share: float) -> float:
    """Where in the window (0 to 1) the registration that many of all registrations in falls."""
    before = 0.0
    for wave_share, start, end in WAVES:
        if share < before + wave_share or end == 1.0:
            within = min((share - before) / wave_share, 1.0)
            # The last wave is denser towards its end: the rush before registration closes.
            return start + (end - start) * (math.sqrt(within) if end == 1.0 else within)
        before += wave_share
    return 1.0
