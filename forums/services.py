"""State changes of forum editions: carry an edition over to next year, move it
through its statuses. Every function takes keyword arguments, runs in one
transaction and raises ``ValidationError`` with a message an organiser can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit import services as audit
from audit.enums import Verb
from config.languages import FIELD_SUFFIXES
from forums import carry_over
from forums.enums import EditionStatus
from forums.models import Edition, EditionOrganisation, SubForum

# The lifecycle, in order. An edition only moves forward along it (skipping
# steps is allowed: a forum without registration goes from published to
# closed), except for the one way back organisers need: reopening registration.
STATUS_ORDER = [
    EditionStatus.DRAFT,
    EditionStatus.PUBLISHED,
    EditionStatus.REGISTRATION_OPEN,
    EditionStatus.CLOSED,
    EditionStatus.ARCHIVED,
]
REOPENINGS = {(EditionStatus.CLOSED, EditionStatus.REGISTRATION_OPEN)}


def translated(obj: object, field: str) -> dict[str, str]:
    """The per-language columns of a modeltranslation field, ready to pass to a constructor."""
    return {f"{field}_{suffix}": getattr(obj, f"{field}_{suffix}") for suffix in FIELD_SUFFIXES}


_CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """1 → 一, 19 → 十九, 20 → 二十, 105 → 一百零五: the numerals of “第十九届”."""
    if not 0 < number < 1000:
        raise ValueError(f"{number} is outside 1-999")
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    text = ""
    if hundreds:
        text += _CHINESE_DIGITS[hundreds] + "百"
        if rest and tens == 0:
            text += "零"
    if tens:
        # 十九, not 一十九, when it stands alone; 一百一十九 inside a hundred.
        text += ("" if tens == 1 and not hundreds else _CHINESE_DIGITS[tens]) + "十"
    if units:
        text += _CHINESE_DIGITS[units]
    return text


def english_ordinal(number: int) -> str:
    """19 → 19th, 21 → 21st, 112 → 112th."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def renumber_title(title: str, *, old_number: int, new_number: int, old_year: int, new_year: int) -> str:
    """The title with the edition's ordinal and year replaced where they are spelled
    the usual ways (第十九届, 第19届, 19th, 2022); any other title is returned unchanged
    for the organisers to edit."""
    replacements = [(f"第{old_number}届", f"第{new_number}届")]
    if max(old_number, new_number) < 1000:  # Chinese numerals are spelled up to 999 (第九百九十九届)
        replacements.insert(0, (f"第{chinese_numeral(old_number)}届", f"第{chinese_numeral(new_number)}届"))
    for old, new in replacements:
        title = title.replace(old, new)
    title = re.sub(rf"\b{english_ordinal(old_number)}\b", english_ordinal(new_number), title)
    return re.sub(rf"\b{old_year}\b", str(new_year), title)


def shift_by_years(moment: dt.datetime | None, *, years: int, tz: dt.tzinfo) -> dt.datetime | None:
    """The same wall-clock time in ``tz``, ``years`` later (29 February becomes the 28th)."""
    if moment is None:
        return None
    local = moment.astimezone(tz)
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


@transaction.atomic
def create_edition_from_previous(
    *,
    previous: Edition,
    number: int | None = None,
    year: int | None = None,
    slug: str | None = None,
    carry: Iterable[str] | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    actor: Any = None,
) -> Edition:
    """Carry ``previous`` over to a new *draft* edition of the same forum.

    Rule: the new edition is ``number`` (default: the next one) in ``year``
    (default: the year after), its slug ``slug`` (default: ``<forum slug>-<year>``).
    Every date moves by the same number of years, keeping the wall-clock time in
    the edition's time zone — and, when ``start`` is given, on by as much again as
    ``start`` lies after that (an opening moved from Thursday to Saturday moves its
    sub-forums and sales windows with it); ``end`` (default: moved like the rest)
    must come after the start. Always copied: the translated title (ordinal and
    year renumbered where spelled the usual ways), theme, host city and
    description; the time zone, choice limits, confirmation hold. Then the
    carry-over steps named in ``carry`` run (default: every registered step —
    ``forums.carry_over``): the venue and its rooms; the organising roles; the
    sub-forums (with hosts, and rooms when the venue came too; no places taken);
    the registration types (no places taken); the reminder rules and their
    texts; the team members limited to the previous edition …
    Never copied: sessions, speakers' roles, agenda versions and registrations —
    they belong to one year only. Raises ``ValidationError`` if the number, year
    or slug is already taken, or a step is unknown. The new edition is recorded
    in the audit trail as ``actor``'s, with the steps carried over.
    """
    forum = previous.forum
    number = previous.number + 1 if number is None else number
    year = previous.year + 1 if year is None else year
    slug = slug or f"{forum.slug}-{year}"
    errors = {}
    if Edition.objects.filter(forum=forum, number=number).exists():
        errors["number"] = _("%(forum)s already has an edition number %(number)s.") % {"forum": forum, "number": number}
    if Edition.objects.filter(forum=forum, year=year).exists():
        errors["year"] = _("%(forum)s already has an edition in %(year)s.") % {"forum": forum, "year": year}
    if Edition.objects.filter(slug=slug).exists():
        errors["slug"] = _("The slug “%(slug)s” is already used by another edition.") % {"slug": slug}
    known = {step.key: step for step in carry_over.steps()}
    wanted = list(known) if carry is None else list(carry)
    unknown = [key for key in wanted if key not in known]
    if unknown:
        errors["carry"] = _("Unknown carry-over steps: %(keys)s.") % {"keys": ", ".join(unknown)}
    years = year - previous.year
    tz = previous.tz
    moved_start = shift_by_years(previous.start, years=years, tz=tz)
    offset = start - moved_start if start is not None and moved_start is not None else dt.timedelta(0)

    def shift(moment: dt.datetime | None) -> dt.datetime | None:
        moved = shift_by_years(moment, years=years, tz=tz)
        return None if moved is None else moved + offset

    new_start, new_end = shift(previous.start), end or shift(previous.end)
    if new_start is not None and new_end is not None and new_end <= new_start:
        errors["end"] = _("The edition must end after it starts.")
    if errors:
        raise ValidationError(errors)

    titles = {
        key: renumber_title(value, old_number=previous.number, new_number=number, old_year=previous.year, new_year=year)
        for key, value in translated(previous, "title").items()
        if value
    }
    edition = Edition.objects.create(
        forum=forum,
        number=number,
        year=year,
        slug=slug,
        **titles,
        **translated(previous, "theme"),
        **translated(previous, "description"),
        **translated(previous, "host_city"),
        venue=None,  # the "venue" step brings it, with its rooms
        start=new_start,
        end=new_end,
        time_zone=previous.time_zone,
        status=EditionStatus.DRAFT,
        registration_opens=shift(previous.registration_opens),
        registration_closes=shift(previous.registration_closes),
        min_subforum_choices=previous.min_subforum_choices,
        max_subforum_choices=previous.max_subforum_choices,
        confirmation_hold_hours=previous.confirmation_hold_hours,
    )
    context = carry_over.CarryOver(previous=previous, edition=edition, shift=shift, actor=actor)
    carried = [step for step in carry_over.steps() if step.key in wanted]
    for step in carried:
        step.run(context)
    audit.record(
        actor=actor,
        verb=Verb.CREATED,
        obj=edition,
        detail={"from_edition": previous, "carried": [str(step.label) for step in carried]},
    )
    return edition


def carry_venue(context: carry_over.CarryOver) -> None:
    """The venue, and so its rooms (rooms belong to the venue, which every edition shares)."""
    if context.previous.venue_id is not None:
        context.edition.venue_id = context.previous.venue_id
        context.edition.save(update_fields=["venue", "updated_at"])


def carry_team(context: carry_over.CarryOver) -> None:
    """The team members whose membership was limited to the previous edition, now to
    the new one (a host to the sub-forums of the same slug, when those came too).
    Members for the whole forum need nothing: their membership covers every edition.
    A user has one membership per forum, so a limited one moves on: last year's
    edition is then read by the forum's owners and organisers only."""
    new_sub_forums = {sf.slug: sf for sf in context.edition.sub_forums.all()}
    for membership in context.previous.team_memberships.prefetch_related("sub_forums"):
        hosted = [new_sub_forums[sf.slug] for sf in membership.sub_forums.all() if sf.slug in new_sub_forums]
        # One membership per user and forum: it moves on to the new edition, as the team does.
        membership.edition = context.edition
        membership.save(update_fields=["edition"])
        membership.sub_forums.set(hosted)
        audit.record(
            actor=context.actor,
            verb=Verb.CHANGED,
            obj=membership,
            changes={"edition": (context.previous, context.edition)},
        )


def carry_organising_roles(context: carry_over.CarryOver) -> None:
    """The organising bodies and their roles, in their order."""
    EditionOrganisation.objects.bulk_create(
        EditionOrganisation(
            edition=context.edition, organisation_id=role.organisation_id, role=role.role, order=role.order
        )
        for role in context.previous.organising_roles.all()
    )


def carry_sub_forums(context: carry_over.CarryOver) -> None:
    """The sub-forums with their hosts, rooms, times and capacities; no places taken."""
    for sub_forum in context.previous.sub_forums.prefetch_related("hosts"):
        copy = SubForum.objects.create(
            edition=context.edition,
            slug=sub_forum.slug,
            **translated(sub_forum, "title"),
            **translated(sub_forum, "theme"),
            **translated(sub_forum, "description"),
            # A room belongs to its venue: kept only where the new edition has the same venue.
            room_id=sub_forum.room_id if context.edition.venue_id == context.previous.venue_id else None,
            start=context.shift(sub_forum.start),
            end=context.shift(sub_forum.end),
            capacity=sub_forum.capacity,
            requires_registration=sub_forum.requires_registration,
            order=sub_forum.order,
        )
        copy.hosts.set(sub_forum.hosts.all())


def can_change_status(current: str, new: str) -> bool:
    """Whether an edition in ``current`` may move to ``new`` (see ``set_edition_status``)."""
    if (current, new) in REOPENINGS:
        return True
    return STATUS_ORDER.index(EditionStatus(new)) > STATUS_ORDER.index(EditionStatus(current))


def check_status_change(*, current: str, new: str) -> None:
    """Refuse a status an edition may not move to from ``current`` (see ``set_edition_status``)."""
    if new not in EditionStatus.values:
        raise ValidationError({"status": _("“%(status)s” is not an edition status.") % {"status": new}}, code="invalid")
    if current != new and not can_change_status(current, new):
        raise ValidationError(
            {
                "status": _("An edition cannot go from “%(current)s” back to “%(new)s”.")
                % {"current": EditionStatus(current).label, "new": EditionStatus(new).label}
            },
            code="invalid_transition",
        )


@transaction.atomic
def set_edition_status(*, edition: Edition, status: str, actor: Any = None) -> Edition:
    """Move ``edition`` to ``status``.

    Rule: statuses go forward along draft → published → registration open →
    closed → archived (steps may be skipped); the only way back is reopening
    registration of a closed edition. Setting the status it already has changes
    nothing, so a repeated admin action or task is harmless. Anything else raises
    ``ValidationError`` naming both statuses. The row is locked while it is
    checked, so two organisers cannot race each other past the rule. A change
    is recorded in the audit trail as ``actor``'s.
    """
    if status not in EditionStatus.values:
        check_status_change(current=edition.status, new=status)
    locked = Edition.objects.select_for_update().get(pk=edition.pk)
    current = locked.status
    if current != status:
        check_status_change(current=current, new=status)
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, verb=Verb.STATUS_CHANGED, obj=locked, changes={"status": (current, status)})
    edition.status = locked.status
    edition.updated_at = locked.updated_at
    return edition
