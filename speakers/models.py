"""Invited speakers: the invitations and their answers, what a speaker tells about
themselves (language, consents, travel) and the files they upload.

The profile itself (names, titles, biography, photo, links) is ``sessions.Speaker``,
one record per person across editions; this app adds what only the speaker and
the organisers see.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.languages import LANGUAGE_CHOICES
from sessions.enums import SpeakerRole
from speakers.enums import OPEN_STATUSES, ConsentSource, ConsentSubject, InvitationStatus, MaterialKind


def private_storage() -> object:
    """Uploaded slides and papers: never under MEDIA_URL, served only through ``speakers.views.materials``."""
    return storages["private"]


def material_path(instance: Material, filename: str) -> str:
    """A random name: the uploader's file name is kept in ``original_name``, never used as a path."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"materials/{uuid.uuid4().hex}.{suffix}"


class Invitation(models.Model):
    """An organiser asks a person to take a role in a session; the person answers through a signed link."""

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(
        "forum_sessions.Session",
        verbose_name=pgettext_lazy("agenda", "session"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    speaker = models.ForeignKey(
        "forum_sessions.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("An existing profile; empty for a new person, whose profile is made when they accept."),
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(pgettext_lazy("person", "name"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES, default="zh-hans")
    note = models.TextField(_("personal note"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    expires_at = models.DateTimeField(_("answer by"))
    sent_at = models.DateTimeField(_("sent at"))
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # One open invitation per person, session and role: a second click sends nothing new.
            models.UniqueConstraint(
                fields=["session", "email", "role"],
                condition=Q(status__in=OPEN_STATUSES),
                name="invitation_one_open_per_role",
            ),
        ]
        indexes = [models.Index(fields=["status", "sent_at"], name="invitation_status_sent_idx")]

    def __str__(self) -> str:
        return f"{self.name or self.email} · {self.session}"


class SpeakerProfile(models.Model):
    """What a speaker keeps beside their public profile: language, link key, consent to recordings."""

    speaker = models.OneToOneField(
        "forum_sessions.Speaker",
        verbose_name=_("speaker"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="private_profile",
    )
    # Signed into the self-service link; a new key makes every earlier link stop working.
    key = models.UUIDField(_("link key"), default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGE_CHOICES, default="zh-hans")
    # The consent to recordings in force (the latest ``Consent``); those to publish the
    # biography and photo are on the public profile (Speaker.publish_biography, publish_photo).
    publish_recording = models.BooleanField(_("may publish recordings"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("speaker's private profile")
        verbose_name_plural = _("speakers' private profiles")

    def __str__(self) -> str:
        return str(self.speaker)


class Consent(models.Model):
    """One answer about publishing, with the exact wording the speaker saw and when; never edited."""

    speaker = models.ForeignKey(
        "forum_sessions.Speaker", verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="consents"
    )
    subject = models.CharField(pgettext_lazy("consent", "subject"), max_length=20, choices=ConsentSubject.choices)
    granted = models.BooleanField(_("granted"))
    wording = models.TextField(_("wording shown"))
    language = models.CharField(_("language"), max_length=10)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the speaker answered through their own link."),
    )
    source = models.CharField(_("given"), max_length=10, choices=ConsentSource.choices, default=ConsentSource.OWN_PAGE)
    given_on = models.DateField(
        _("given on"), null=True, blank=True, help_text=_("The date on the paper or the e-mail.")
    )
    reference = models.CharField(
        _("where it is kept"), max_length=200, blank=True, help_text=_("e.g. the file of the signed forms.")
    )

    class Meta:
        ordering = ["speaker", "subject", "-recorded_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.speaker} · {self.get_subject_display()}: {self.granted}"


class Material(models.Model):
    """Slides or a paper for a session, kept private until the organisers publish it."""

    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    speaker = models.ForeignKey(
        "forum_sessions.Speaker", verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="materials"
    )
    session = models.ForeignKey(
        "forum_sessions.Session",
        verbose_name=pgettext_lazy("agenda", "session"),
        on_delete=models.CASCADE,
        related_name="materials",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices, default=MaterialKind.SLIDES)
    file = models.FileField(_("file"), upload_to=material_path, storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    is_published = models.BooleanField(pgettext_lazy("material", "published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["session", "speaker", "-uploaded_at"]
        verbose_name = _("material")
        verbose_name_plural = _("materials")

    def __str__(self) -> str:
        return self.original_name


class TravelPlan(models.Model):
    """How a speaker comes to one edition and where they sleep; organisers only."""

    speaker = models.ForeignKey(
        "forum_sessions.Speaker", verbose_name=_("speaker"), on_delete=models.CASCADE, related_name="travel_plans"
    )
    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="travel_plans"
    )
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    arrival_station = models.CharField(_("arrival station or airport"), max_length=120, blank=True)
    arrival_number = models.CharField(_("arrival train or flight number"), max_length=20, blank=True)
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    departure_station = models.CharField(_("departure station or airport"), max_length=120, blank=True)
    departure_number = models.CharField(_("departure train or flight number"), max_length=20, blank=True)
    needs_pickup = models.BooleanField(_("needs to be picked up"), default=False)
    hotel_check_in = models.DateField(_("hotel from"), null=True, blank=True)
    hotel_check_out = models.DateField(_("hotel until"), null=True, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    notes = models.TextField(_("other needs"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["edition", "arrival_at"]
        verbose_name = _("travel plan")
        verbose_name_plural = _("travel plans")
        constraints = [
            models.UniqueConstraint(fields=["speaker", "edition"], name="travel_plan_one_per_edition"),
            models.CheckConstraint(
                condition=Q(hotel_check_out__isnull=True)
                | Q(hotel_check_in__isnull=True)
                | Q(hotel_check_out__gt=models.F("hotel_check_in")),
                name="travel_plan_hotel_out_after_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} · {self.edition}"

    @property
    def hotel_nights(self) -> int:
        if self.hotel_check_in and self.hotel_check_out:
            return (self.hotel_check_out - self.hotel_check_in).days
        return 0

    @property
    def is_complete(self) -> bool:
        """Enough to meet and house the speaker: when and where they arrive, and when they leave."""
        return bool(self.arrival_at and self.arrival_station and self.departure_at)
