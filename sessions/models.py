"""The agenda: speakers, sessions, who speaks in which role, published versions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sessions.enums import Honour, SessionKind, SessionLanguage, SpeakerRole
from sessions.fields import GzipTextField


class Speaker(models.Model):
    """One person across all editions: invited again next year, still one record."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    honour = models.CharField(_("honour"), max_length=20, choices=Honour.choices, blank=True, default="")
    honorific = models.CharField(
        _("honorific title"),
        max_length=200,
        blank=True,
        help_text=_("Printed first, e.g. “Academician of the Chinese Academy of Engineering”."),
    )
    position = models.CharField(_("position"), max_length=250, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=250, blank=True)
    biography = models.TextField(_("biography"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="speakers/", blank=True)
    email = models.EmailField(_("contact e-mail (private)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    links = models.JSONField(_("other links"), default=list, blank=True)
    # The speaker's own consent, given on their page and recorded with its wording
    # (speakers.Consent); public faces show the biography and photo only with it.
    publish_biography = models.BooleanField(
        _("biography may be published"), default=False, help_text=_("Set by the speaker's own answer.")
    )
    publish_photo = models.BooleanField(
        _("photo may be published"), default=False, help_text=_("Set by the speaker's own answer.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        indexes = [models.Index(fields=["name"], name="speaker_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def public_line(self) -> str:
        """Title first, as Chinese programmes print it: “中国工程院院士、…副理事长 王某”."""
        titles = [t for t in (self.honorific, self.position) if t]
        if not titles:
            return self.name
        if (get_language() or "").startswith("zh"):
            return f"{'、'.join(titles)} {self.name}"
        return f"{', '.join(titles)}, {self.name}"


class Session(models.Model):
    """A slot in the agenda: a keynote, a round table, a tea break."""

    guid = models.UUIDField(_("GUID"), default=uuid.uuid4, unique=True, editable=False)
    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="sessions"
    )
    sub_forum = models.ForeignKey(
        "forums.SubForum",
        verbose_name=_("sub-forum"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        help_text=_("Empty for a plenary session."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=SessionKind.choices, default=SessionKind.TALK)
    start = models.DateTimeField(_("starts at"))
    end = models.DateTimeField(_("ends at"))
    room = models.ForeignKey(
        "forums.Room", verbose_name=_("room"), on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    abstract = models.TextField(_("abstract"), blank=True)
    language = models.CharField(
        _("language"), max_length=12, choices=SessionLanguage.choices, default=SessionLanguage.CHINESE
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    speakers = models.ManyToManyField(Speaker, through="SessionSpeaker", related_name="sessions")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["start", "room", "title"]
        # django.contrib.sessions translates "session" as a login session (会话);
        # the context gives the agenda's sense (议程环节).
        verbose_name = pgettext_lazy("agenda", "session")
        verbose_name_plural = pgettext_lazy("agenda", "sessions")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="session_end_after_start"),
        ]
        indexes = [
            models.Index(fields=["edition", "start"], name="session_edition_start_idx"),
            models.Index(fields=["room", "start"], name="session_room_start_idx"),
            models.Index(fields=["updated_at"], name="session_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class SessionSpeaker(models.Model):
    """A person's part in a session (speaker, moderator, panelist, host/主持人), in order."""

    session = models.ForeignKey(
        Session, verbose_name=pgettext_lazy("agenda", "session"), on_delete=models.CASCADE, related_name="speaker_roles"
    )
    speaker = models.ForeignKey(Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=SpeakerRole.choices, default=SpeakerRole.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("speaker role")
        verbose_name_plural = _("speaker roles")
        constraints = [
            models.UniqueConstraint(fields=["session", "speaker", "role"], name="session_speaker_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} ({self.get_role_display()})"


class AgendaVersion(models.Model):
    """An immutable, numbered snapshot of an edition's agenda as published."""

    edition = models.ForeignKey(
        "forums.Edition", verbose_name=_("edition"), on_delete=models.CASCADE, related_name="agenda_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("snapshot"), default=dict)
    changelog = models.JSONField(_("changelog"), default=list, blank=True)

    class Meta:
        ordering = ["edition", "-number"]
        get_latest_by = "number"
        verbose_name = _("agenda version")
        verbose_name_plural = _("agenda versions")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="agenda_version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="agenda_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.edition} v{self.number}"


# --- Stored exports of a published version (owned by the publishing code) ----
class AgendaExport(models.Model):
    """An export rendered once when a version is published, served as stored."""

    class Format(models.TextChoices):
        JSON = "json", _("JSON")
        ICAL = "ics", _("iCalendar")
        FRAB_JSON = "frab-json", _("frab schedule.json")
        FRAB_XML = "frab-xml", _("frab schedule.xml")
        # The partner API's agenda body (default expand), per language; not a download.
        API_AGENDA = "api-agenda", _("API agenda")
        # The agenda cut into pieces (sessions.agenda_index), per language: the API's
        # other variants and the public page are assembled from it; not a download.
        INDEX = "agenda-index", _("agenda index")

    version = models.ForeignKey(
        AgendaVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="exports"
    )
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    # "" for language-neutral exports (JSON carries both languages).
    language = models.CharField(_("language"), max_length=10, blank=True)
    # "" for the whole edition, else the slug of the sub-forum it covers.
    sub_forum_slug = models.CharField(_("sub-forum"), max_length=80, blank=True)
    content_type = models.CharField(_("content type"), max_length=100)
    filename = models.CharField(_("file name"), max_length=200)
    body = GzipTextField(_("body"))  # read as text; stored gzipped
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["version", "format", "language", "sub_forum_slug"]
        verbose_name = _("agenda export")
        verbose_name_plural = _("agenda exports")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "format", "language", "sub_forum_slug"], name="agenda_export_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.filename}"
