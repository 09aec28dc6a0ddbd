"""Forum series, their annual editions, organisers, venues and sub-forums."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from forums.enums import EditionStatus, ForumTeamRole, OrganisationKind, OrganisingRole
from forums.validators import validate_time_zone


class Organisation(models.Model):
    """An association, academy, university, company or government body."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Forum(models.Model):
    """A recurring forum series, held once a year (or so) as editions."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    first_held_year = models.PositiveSmallIntegerField(_("first held in"), null=True, blank=True)
    initiator = models.ForeignKey(
        Organisation,
        verbose_name=_("initiating organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiated_forums",
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum series")
        verbose_name_plural = _("forum series")

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    address = models.CharField(_("address"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


# How rooms are listed everywhere (admin, API, agenda snapshot, timetable, venue screens):
# the room's own order, then its name. Names do not sort as people count halls
# (甲厅 before 乙厅, 2号厅 before 10号厅), so the venue's organisers number them.
ROOM_ORDERING = ("order", "name", "pk")


class Room(models.Model):
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Rooms are listed by this number, then by name.")
    )
    capacity = models.PositiveIntegerField(_("capacity"), default=0)
    floor = models.CharField(_("floor"), max_length=40, blank=True)

    class Meta:
        ordering = ["venue", *ROOM_ORDERING]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name_per_venue"),
            models.CheckConstraint(condition=Q(capacity__gte=0), name="room_capacity_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.venue.name}"

    @property
    def sort_key(self) -> tuple[int, str, int]:
        """``ROOM_ORDERING`` for rooms already loaded."""
        return (self.order, self.name, self.pk)


class Edition(models.Model):
    """One year's forum: the 19th edition, its theme, city, dates and status."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum series"), on_delete=models.PROTECT, related_name="editions")
    number = models.PositiveSmallIntegerField(_("edition number"))
    year = models.PositiveSmallIntegerField(_("year"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    theme = models.CharField(_("theme"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    host_city = models.CharField(_("host city"), max_length=100)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, null=True, blank=True, related_name="editions"
    )
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    status = models.CharField(_("status"), max_length=20, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    min_subforum_choices = models.PositiveSmallIntegerField(_("minimum sub-forum choices"), default=0)
    max_subforum_choices = models.PositiveSmallIntegerField(
        _("maximum sub-forum choices"), null=True, blank=True, help_text=_("Empty for no limit.")
    )
    confirmation_hold_hours = models.PositiveSmallIntegerField(
        _("hours a pending registration holds its place"), default=48
    )
    registration_challenge = models.BooleanField(
        _("ask a challenge on the registration form"),
        default=False,
        help_text=_("Characters to copy from an image, against automated sign-ups (drawn here, no outside service)."),
    )
    organisations = models.ManyToManyField(
        Organisation, through="EditionOrganisation", related_name="editions", verbose_name=_("organising bodies")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["forum", "number"], name="edition_unique_number_per_forum"),
            models.UniqueConstraint(fields=["forum", "year"], name="edition_unique_year_per_forum"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="edition_end_after_start"),
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=F("registration_opens")),
                name="edition_registration_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(max_subforum_choices__isnull=True) | Q(max_subforum_choices__gte=F("min_subforum_choices")),
                name="edition_choice_limits_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "start"], name="edition_status_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


def edition_scope(edition_id: int) -> str:
    """How messages about an edition are labelled in the outbox (``OutboxMessage.scope``)."""
    return f"edition:{edition_id}"


class EditionOrganisation(models.Model):
    """The part an organisation plays in an edition (initiator, host, …)."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="organising_roles"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="organising_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganisingRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["edition", "role", "order"]
        verbose_name = _("organising role")
        verbose_name_plural = _("organising roles")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organisation", "role"], name="edition_organisation_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.organisation}"


class CountedPlaces:
    """For models with ``capacity`` (None: no limit) and ``seats_taken`` (SubForum, RegistrationType)."""

    capacity: int | None
    seats_taken: int

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    def clean(self) -> None:
        """An edit form cannot set the capacity below the places already taken (the CHECK would refuse it)."""
        super().clean()  # type: ignore[misc]
        if self.capacity is not None and self.capacity < self.seats_taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)d places are already taken; the capacity cannot be lower. Cancel registrations first."
                    )
                    % {"taken": self.seats_taken}
                }
            )


class SubForum(CountedPlaces, models.Model):
    """A parallel themed forum within an edition, with its own room and places."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="sub_forums")
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=250)
    theme = models.CharField(_("theme"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    hosts = models.ManyToManyField(
        Organisation, verbose_name=_("hosting organisations"), blank=True, related_name="hosted_sub_forums"
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.PROTECT, null=True, blank=True, related_name="sub_forums"
    )
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty for no limit."))
    # Places taken by confirmed choices, maintained by attendees.services with a
    # conditional UPDATE; the check constraint below is the last line of defence.
    seats_taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    requires_registration = models.BooleanField(_("needs its own registration"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Every save() moves it; the registration pages' cache checks it (attendees.page_cache).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["edition", "start", "order"]
        verbose_name = _("sub-forum")
        verbose_name_plural = _("sub-forums")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="subforum_unique_slug_per_edition"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="subforum_end_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0), name="subforum_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="subforum_not_overbooked",
            ),
        ]
        indexes = [models.Index(fields=["edition", "start"], name="subforum_edition_start_idx")]

    def __str__(self) -> str:
        return self.title


class ForumMembership(models.Model):
    """A staff user on a forum's team, in one role, for the whole forum, one edition
    of it, or (hosts) some of its sub-forums. The organiser admin shows each member
    only what their membership covers (``forums.permissions``)."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum series"), on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="forum_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=ForumTeamRole.choices, default=ForumTeamRole.ORGANISER)
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("only this edition"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="team_memberships",
        help_text=_("Empty for every edition of the forum."),
    )
    sub_forums = models.ManyToManyField(
        SubForum,
        verbose_name=_("hosted sub-forums"),
        blank=True,
        related_name="hosts_team",
        help_text=_("For a sub-forum host: the sub-forums they run."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["forum", "user__username"]
        verbose_name = _("forum team member")
        verbose_name_plural = _("forum team members")
        constraints = [
            models.UniqueConstraint(fields=["forum", "user"], name="forum_membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.forum} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.edition_id is not None and self.forum_id is not None and self.edition.forum_id != self.forum_id:
            raise ValidationError({"edition": _("This edition belongs to another forum.")})
