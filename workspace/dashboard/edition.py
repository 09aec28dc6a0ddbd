"""An edition's figures for its dashboard, read in eight grouped queries.

What each figure means:

- *registrations over time*: registrations by the day they were made (in the
  edition's time zone) and their status now, as days before the opening; the
  previous edition of the series (the highest number below this one) the same way,
  so the two curves meet at the opening;
- *confirmation rate*: admitted (confirmed or checked in) among the registrations
  that were asked to confirm and have answered or may still answer — admitted,
  pending and expired; cancelled, rejected, waitlisted and those awaiting approval
  are left out;
- *places held*: places of their type held by registrations not admitted yet
  (pending confirmation or awaiting approval), and the sub-forum places their
  confirmed choices hold; the earliest moment such a hold lapses;
- *waiting*: registrations on their type's waiting list; choices on a sub-forum's
  waiting list of registrations still active;
- *organisations* and *languages*: among active registrations (not cancelled,
  rejected or expired), organisations compared trimmed and case-blind;
- *mail*: the edition's messages in the outbox by status, and how many of its
  registrants' addresses are on the suppression list, by reason.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet, Subquery
from django.db.models.functions import Lower, Trim, TruncDate, TruncHour

from attendees.enums import ACTIVE_STATUSES, ADMITTED_STATUSES, ChoiceStatus, RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from forums.models import Edition, SubForum, edition_scope
from outbox.enums import Channel
from outbox.models import OutboxMessage, Suppression
from workspace.dashboard.checkins import CheckIns

NOT_ADMITTED_HOLDING = (RegistrationStatus.PENDING, RegistrationStatus.AWAITING_APPROVAL)
ASKED_TO_CONFIRM = (*ADMITTED_STATUSES, RegistrationStatus.PENDING, RegistrationStatus.EXPIRED)
TOP_ORGANISATIONS = 10


@dataclass(frozen=True)
class Places:
    """A registration type or a sub-forum: its places and who holds or waits for them."""

    pk: int
    label: str
    capacity: int | None
    taken: int  # the counter the registration services keep (seats_taken)
    admitted: int
    held: int  # held by registrations not admitted yet
    waiting: int
    checked_in: int = 0

    @property
    def fill(self) -> float | None:
        """Share of the capacity taken (None without a limit)."""
        return self.taken / self.capacity if self.capacity else None


@dataclass(frozen=True)
class DayCount:
    days_before: int  # days before the opening day; negative after it
    status: str
    count: int


@dataclass
class EditionFigures:
    edition: Edition
    statuses: dict[str, int]
    types: list[Places]
    sub_forums: list[Places]
    timeline: list[DayCount]
    previous_year: int | None
    previous_timeline: list[DayCount]
    organisations: list[tuple[str, int]]
    languages: list[tuple[str, int]]
    mail: dict[str, int]
    suppressed: dict[str, int]
    next_hold_expiry: dt.datetime | None
    check_ins: CheckIns

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def admitted(self) -> int:
        return sum(self.statuses.get(status, 0) for status in ADMITTED_STATUSES)

    @property
    def confirmation_rate(self) -> float | None:
        asked = sum(self.statuses.get(status, 0) for status in ASKED_TO_CONFIRM)
        return self.admitted / asked if asked else None

    @property
    def held_type_places(self) -> int:
        return sum(self.statuses.get(status, 0) for status in NOT_ADMITTED_HOLDING)

    @property
    def held_sub_forum_places(self) -> int:
        return sum(place.held for place in self.sub_forums)

    @property
    def waitlisted(self) -> int:
        return self.statuses.get(RegistrationStatus.WAITLISTED, 0)


def previous_edition(edition: Edition) -> QuerySet[Edition]:
    """The series' edition numbered just below ``edition``, as a query (for subqueries: no query of its own)."""
    return Edition.objects.filter(forum_id=edition.forum_id, number__lt=edition.number).order_by("-number")[:1]


def edition_figures(edition: Edition) -> EditionFigures:
    """Every number of the edition's dashboard (eight queries, however many registrations)."""
    registrations = Registration.objects.filter(edition_id=edition.pk).order_by()
    tz = edition.tz

    # 1. registrations by type, status, language and the hour of their check-in: one pass
    # over the edition's registrations for the statuses, types, languages and check-ins.
    by_type_status: dict[int, Counter] = defaultdict(Counter)
    statuses: Counter = Counter()
    languages: Counter = Counter()
    hours: Counter = Counter()
    next_expiry = None
    grouped = (
        registrations.annotate(hour=TruncHour("checked_in_at", tzinfo=tz))
        .values("registration_type_id", "status", "language", "hour")
        .annotate(n=Count("pk"), first_expiry=Min("expires_at", filter=Q(status=RegistrationStatus.PENDING)))
    )
    for row in grouped:
        by_type_status[row["registration_type_id"]][row["status"]] += row["n"]
        statuses[row["status"]] += row["n"]
        if row["status"] in ACTIVE_STATUSES:
            languages[row["language"]] += row["n"]
        if row["hour"] is not None:
            hours[row["hour"]] += row["n"]
        if row["first_expiry"] is not None and (next_expiry is None or row["first_expiry"] < next_expiry):
            next_expiry = row["first_expiry"]

    # 2. the types' places
    types = [
        Places(
            pk=registration_type.pk,
            label=str(registration_type),
            capacity=registration_type.capacity,
            taken=registration_type.seats_taken,
            admitted=sum(by_type_status[registration_type.pk][s] for s in ADMITTED_STATUSES),
            held=sum(by_type_status[registration_type.pk][s] for s in NOT_ADMITTED_HOLDING),
            waiting=by_type_status[registration_type.pk][RegistrationStatus.WAITLISTED],
            checked_in=by_type_status[registration_type.pk][RegistrationStatus.CHECKED_IN],
        )
        for registration_type in RegistrationType.objects.filter(edition_id=edition.pk).order_by("order", "name")
    ]

    # 3. the sub-forums' choices, counted by what they hold, and 4. the sub-forums' places
    choices: dict[int, Counter] = defaultdict(Counter)
    for row in (
        SubForumChoice.objects.filter(registration__edition_id=edition.pk)
        .order_by()
        .values("sub_forum_id", "status", "registration__status")
        .annotate(n=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)))
    ):
        counts = choices[row["sub_forum_id"]]
        holder = row["registration__status"]
        if row["status"] == ChoiceStatus.CONFIRMED and holder in ADMITTED_STATUSES:
            counts["admitted"] += row["n"]
        elif row["status"] == ChoiceStatus.CONFIRMED and holder in NOT_ADMITTED_HOLDING:
            counts["held"] += row["n"]
        elif row["status"] == ChoiceStatus.WAITLISTED and holder in ACTIVE_STATUSES:
            counts["waiting"] += row["n"]
        counts["checked_in"] += row["checked_in"]
    sub_forums = [
        Places(
            pk=sub_forum.pk,
            label=str(sub_forum),
            capacity=sub_forum.capacity,
            taken=sub_forum.seats_taken,
            admitted=choices[sub_forum.pk]["admitted"],
            held=choices[sub_forum.pk]["held"],
            waiting=choices[sub_forum.pk]["waiting"],
            checked_in=choices[sub_forum.pk]["checked_in"],
        )
        for sub_forum in SubForum.objects.filter(edition_id=edition.pk).order_by("start", "order", "pk")
    ]

    # 5. registrations by day and status, this edition and the previous one; the previous
    # one's opening day and year ride along as constants (no join, nothing parsed per row)
    timeline: list[DayCount] = []
    previous: list[DayCount] = []
    previous_year = None
    opening = edition.start.astimezone(tz).date()
    earlier = previous_edition(edition)
    days = (
        Registration.objects.filter(Q(edition_id=edition.pk) | Q(edition_id=Subquery(earlier.values("pk"))))
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("edition_id", "day", "status")
        .annotate(
            n=Count("*"),
            previous_year=Subquery(earlier.values("year")),
            previous_opening=Subquery(earlier.annotate(opening=TruncDate("start", tzinfo=tz)).values("opening")),
        )
    )
    for row in days:
        if row["edition_id"] == edition.pk:
            timeline.append(DayCount((opening - row["day"]).days, row["status"], row["n"]))
        else:
            previous_year = row["previous_year"]
            previous.append(DayCount((row["previous_opening"] - row["day"]).days, row["status"], row["n"]))

    # 6. top organisations (one left blank is no organisation)
    organisations = [
        (row["name"].strip(), row["n"])
        for row in registrations.filter(status__in=ACTIVE_STATUSES)
        .exclude(organisation="")
        .values(key=Lower(Trim("organisation")))
        .annotate(n=Count("pk"), name=Min("organisation"))
        .order_by("-n", "key")[: TOP_ORGANISATIONS + 1]
        if row["key"]
    ][:TOP_ORGANISATIONS]

    # 7. the edition's messages, 8. its registrants' suppressed addresses
    mail = dict(
        OutboxMessage.objects.filter(scope=edition_scope(edition.pk))
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    # Suppressed addresses are stored in lower case; registrations keep what was typed.
    addresses = registrations.annotate(address=Lower("email")).values("address")
    suppressed = dict(
        Suppression.objects.filter(channel=Channel.EMAIL, address__in=addresses)
        .order_by()
        .values_list("reason")
        .annotate(n=Count("pk"))
    )

    return EditionFigures(
        edition=edition,
        statuses=dict(statuses),
        types=types,
        sub_forums=sub_forums,
        timeline=sorted(timeline, key=lambda d: (-d.days_before, d.status)),
        previous_year=previous_year,
        previous_timeline=sorted(previous, key=lambda d: (-d.days_before, d.status)),
        organisations=organisations,
        languages=languages.most_common(),
        mail=mail,
        suppressed=suppressed,
        next_hold_expiry=next_expiry,
        check_ins=CheckIns(
            expected=sum(statuses[s] for s in ADMITTED_STATUSES),
            hours=sorted(hours.items()),
            doors=[(place.pk, place.label, place.admitted, place.checked_in) for place in sub_forums],
        ),
    )
