"""Registration types, registrations and their sub-forum choices."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from attendees.enums import ACTIVE_STATUSES, ChoiceStatus, RegistrationStatus
from config.languages import language_choices
from forums.models import CountedPlaces

# Unambiguous characters only: codes are read aloud and typed at the door.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def generate_code() -> str:
    # 256 is a multiple of the alphabet's 32 characters, so every character is equally likely.
    return "".join(CODE_ALPHABET[byte % len(CODE_ALPHABET)] for byte in secrets.token_bytes(CODE_LENGTH))


class RegistrationType(CountedPlaces, models.Model):
    """A kind of place at an edition (delegate, student, press), with its own capacity."""

    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="registration_types"
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty for no limit."))
    # Maintained by attendees.services with a conditional UPDATE; see SubForum.seats_taken.
    seats_taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    requires_approval = models.BooleanField(_("requires approval"), default=False)
    waitlist_enabled = models.BooleanField(_("waiting list when full"), default=True)
    sales_start = models.DateTimeField(_("available from"), null=True, blank=True)
    sales_end = models.DateTimeField(_("available until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Every save() moves it; the registration pages' cache checks it (attendees.page_cache).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["edition", "order", "name"]
        verbose_name = _("registration type")
        verbose_name_plural = _("registration types")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="registration_type_unique_slug"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0), name="registration_type_capacity_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="registration_type_not_overbooked",
            ),
            models.CheckConstraint(
                condition=Q(sales_start__isnull=True) | Q(sales_end__isnull=True) | Q(sales_end__gt=F("sales_start")),
                name="registration_type_sales_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        # seats_taken belongs to attendees.services: an edit form holding a stale
        # copy must not write it back over places taken since the form loaded.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                f.attname for f in self._meta.concrete_fields if not f.primary_key and f.attname != "seats_taken"
            ]
        super().save(*args, **kwargs)


class Registration(models.Model):
    """One attendee's registration for an edition."""

    # Both foreign keys lead a composite index below (registration_status_idx,
    # registration_waitlist_idx); an index of their own would only slow INSERTs.
    edition = models.ForeignKey(
        "forums.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="registrations",
        db_index=False,
    )
    registration_type = models.ForeignKey(
        RegistrationType,
        verbose_name=_("registration type"),
        on_delete=models.PROTECT,
        related_name="registrations",
        db_index=False,
    )
    # Unique through Meta.constraints (no LIKE index: codes are only looked up exactly).
    code = models.CharField(_("code"), max_length=16, default=generate_code, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    country = models.CharField(_("country or region"), max_length=100, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=10, choices=language_choices, default=settings.LANGUAGE_CODE
    )
    partner = models.ForeignKey(
        "forums.Organisation",
        verbose_name=_("registered by partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_registrations",
        db_index=False,  # registration_partner_idx: only the rows that have one
    )
    # The address a registration page was sent from (none for the admin and the API):
    # caps and the admin's "suspicious" filter count unconfirmed registrations by it.
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    expires_at = models.DateTimeField(_("pending until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    # Not a column: set on the registration services.register_attendee returns, the
    # chosen sub-forums whose choice joined that sub-forum's waiting list.
    waiting_sub_forum_ids: tuple[int, ...] = ()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["code"], name="registration_unique_code"),
            models.UniqueConstraint(
                Lower("email"),
                "edition",
                condition=Q(status__in=ACTIVE_STATUSES),
                name="registration_one_active_per_email",
            ),
        ]
        indexes = [
            models.Index(fields=["edition", "status", "created_at"], name="registration_status_idx"),
            models.Index(fields=["registration_type", "status", "waitlisted_at"], name="registration_waitlist_idx"),
            models.Index(fields=["status", "expires_at"], name="registration_expiry_idx"),
            # Most registrations come through the pages, without a partner: they skip this index.
            models.Index(fields=["partner"], condition=Q(partner__isnull=False), name="registration_partner_idx"),
            # Unconfirmed registrations of an edition by address (caps, the admin's suspicious filter).
            models.Index(
                fields=["edition", "client_ip"],
                condition=Q(status=RegistrationStatus.PENDING),
                name="registration_pending_ip_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> · {self.code}"


class SubForumChoice(models.Model):
    """A sub-forum a registration chose, confirmed or waiting for a place."""

    # Each foreign key leads a composite index below (subforum_choice_unique,
    # subforum_choice_waitlist_idx); an index of their own would only slow INSERTs.
    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="choices", db_index=False
    )
    sub_forum = models.ForeignKey(
        "forums.SubForum",
        verbose_name=_("sub-forum"),
        on_delete=models.PROTECT,
        related_name="choices",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=ChoiceStatus.choices, default=ChoiceStatus.CONFIRMED)
    created_at = models.DateTimeField(_("chosen at"), auto_now_add=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "sub_forum__start"]
        verbose_name = _("sub-forum choice")
        verbose_name_plural = _("sub-forum choices")
        constraints = [
            models.UniqueConstraint(fields=["registration", "sub_forum"], name="subforum_choice_unique"),
        ]
        indexes = [
            models.Index(fields=["sub_forum", "status", "waitlisted_at"], name="subforum_choice_waitlist_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_forum} ({self.get_status_display()})"


class StarredSession(models.Model):
    """A session an attendee added to their own programme (beyond the plenary
    and their sub-forums): it shows on their self-service page and in their
    calendar feed."""

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="starred_sessions", db_index=False
    )
    session = models.ForeignKey(
        "forum_sessions.Session", verbose_name=_("session"), on_delete=models.CASCADE, related_name="stars"
    )
    created_at = models.DateTimeField(_("starred at"), auto_now_add=True)

    class Meta:
        verbose_name = _("starred session")
        verbose_name_plural = _("starred sessions")
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="starred_session_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.code} ★ {self.session_id}"


class CalendarFeed(models.Model):
    """The generation of a registration's personal calendar feed link: the link
    signs the registration's code with it, so issuing a new link (the next
    generation) makes every earlier one answer 404. No row: generation 0."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="calendar_feed", primary_key=True
    )
    generation = models.PositiveIntegerField(_("generation"), default=0)
    reissued_at = models.DateTimeField(_("reissued at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.registration.code} feed #{self.generation}"
