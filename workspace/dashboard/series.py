"""A series' editions side by side, read in six grouped queries.

- *returning attendees*: active registrations (not cancelled, rejected or expired)
  whose address, case-blind, had an active registration at an earlier edition
  (a lower number) of the series;
- *returning speakers*: speakers of an edition's live sessions who spoke at a live
  session of an earlier edition;
- *sub-forum fill*: places taken over places offered, summed over the sub-forums
  that have a limit;
- *organisations that keep coming*: attendees' organisations (trimmed, case-blind)
  present at two editions or more, the most faithful first.

Rates are those of the edition dashboard (``workspace.dashboard.edition``); the
check-in rate is those checked in among those admitted.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, Sum
from django.db.models.functions import Lower, Trim

from attendees.enums import ACTIVE_STATUSES, ADMITTED_STATUSES, RegistrationStatus
from attendees.models import Registration
from forums.models import Edition, Forum, SubForum
from sessions.models import SessionSpeaker
from workspace.dashboard.edition import ASKED_TO_CONFIRM

TOP_ORGANISATIONS = 10


@dataclass(frozen=True)
class EditionRow:
    pk: int
    label: str
    number: int
    year: int
    registrations: int
    admitted: int
    checked_in: int
    asked_to_confirm: int
    capacity: int
    taken: int
    returning_attendees: int
    speakers: int
    returning_speakers: int

    @property
    def confirmation_rate(self) -> float | None:
        return self.admitted / self.asked_to_confirm if self.asked_to_confirm else None

    @property
    def check_in_rate(self) -> float | None:
        return self.checked_in / self.admitted if self.admitted else None

    @property
    def sub_forum_fill(self) -> float | None:
        return self.taken / self.capacity if self.capacity else None


@dataclass(frozen=True)
class Organisation:
    name: str
    editions: int  # how many editions it came to
    counts: list[int]  # attendees per edition, in the order of SeriesFigures.editions


@dataclass(frozen=True)
class SeriesFigures:
    forum: Forum
    editions: list[EditionRow]
    organisations: list[Organisation]


def series_figures(forum: Forum) -> SeriesFigures:
    """The series' editions, oldest first, with the figures above (six queries)."""
    editions = list(Edition.objects.filter(forum_id=forum.pk).order_by("number"))
    in_series = Q(edition__forum_id=forum.pk)

    statuses: dict[int, Counter] = defaultdict(Counter)
    for row in Registration.objects.filter(in_series).order_by().values("edition_id", "status").annotate(n=Count("pk")):
        statuses[row["edition_id"]][row["status"]] += row["n"]

    places = {
        row["edition_id"]: row
        for row in SubForum.objects.filter(in_series, capacity__isnull=False)
        .order_by()
        .values("edition_id")
        .annotate(capacity=Sum("capacity"), taken=Sum("seats_taken"))
    }

    earlier_registrations = (
        Registration.objects.filter(
            in_series, status__in=ACTIVE_STATUSES, edition__number__lt=OuterRef("edition__number")
        )
        .annotate(address=Lower("email"))
        .filter(address=Lower(OuterRef("email")))
    )
    returning = dict(
        Registration.objects.filter(in_series, Exists(earlier_registrations), status__in=ACTIVE_STATUSES)
        .order_by()
        .values_list("edition_id")
        .annotate(n=Count("pk"))
    )

    live = Q(session__edition__forum_id=forum.pk, session__is_cancelled=False)
    spoke_before = SessionSpeaker.objects.filter(
        live, speaker_id=OuterRef("speaker_id"), session__edition__number__lt=OuterRef("session__edition__number")
    )
    speakers = {
        row["session__edition_id"]: row
        for row in SessionSpeaker.objects.filter(live)
        .annotate(spoke_before=Exists(spoke_before))
        .order_by()
        .values("session__edition_id")
        .annotate(
            speakers=Count("speaker_id", distinct=True),
            returning=Count("speaker_id", distinct=True, filter=Q(spoke_before=True)),
        )
    }

    rows = []
    for edition in editions:
        counts = statuses[edition.pk]
        rows.append(
            EditionRow(
                pk=edition.pk,
                label=str(edition.year),
                number=edition.number,
                year=edition.year,
                registrations=sum(counts.values()),
                admitted=sum(counts[s] for s in ADMITTED_STATUSES),
                checked_in=counts[RegistrationStatus.CHECKED_IN],
                asked_to_confirm=sum(counts[s] for s in ASKED_TO_CONFIRM),
                capacity=places.get(edition.pk, {}).get("capacity") or 0,
                taken=places.get(edition.pk, {}).get("taken") or 0,
                returning_attendees=returning.get(edition.pk, 0),
                speakers=speakers.get(edition.pk, {}).get("speakers", 0),
                returning_speakers=speakers.get(edition.pk, {}).get("returning", 0),
            )
        )
    return SeriesFigures(forum=forum, editions=rows, organisations=_faithful_organisations(forum, editions))


def _faithful_organisations(forum: Forum, editions: list[Edition]) -> list[Organisation]:
    position = {edition.pk: index for index, edition in enumerate(editions)}
    names: dict[str, str] = {}
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(editions))
    for row in (
        Registration.objects.filter(edition__forum_id=forum.pk, status__in=ACTIVE_STATUSES)
        .annotate(key=Lower(Trim("organisation")))
        .exclude(key="")
        .order_by()
        .values("key", "edition_id")
        .annotate(n=Count("pk"), name=Min(Trim("organisation")))
    ):
        names.setdefault(row["key"], row["name"])
        counts[row["key"]][position[row["edition_id"]]] += row["n"]
    faithful = [
        Organisation(name=names[key], editions=sum(1 for n in per_edition if n), counts=per_edition)
        for key, per_edition in counts.items()
        if sum(1 for n in per_edition if n) >= 2
    ]
    faithful.sort(key=lambda o: (-o.editions, -sum(o.counts), o.name))
    return faithful[:TOP_ORGANISATIONS]
