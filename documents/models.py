"""Letter templates, issued documents with their PDFs, the number sequences and visa requests.

An ``IssuedDocument`` is the verification record: its number, what it is, to
whom and for which edition it was issued, and whether it has been revoked. It is
never deleted (numbers are never reused); a regenerated letter is a new
document with a new number that names the one it replaces.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from documents.enums import DocumentKind, DocumentState
from documents.placeholders import validate_placeholders
from forums.models import Edition, Forum
from sessions.models import SessionSpeaker, Speaker


class LetterTemplate(models.Model):
    """What a forum's letters say and look like: for the whole forum, or for one of its editions."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum series"), on_delete=models.CASCADE, related_name="+")
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: used by every edition of the forum that has no template of its own."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.INVITATION)
    title = models.CharField(_("title"), max_length=120, help_text=_("Printed above the text, e.g. “邀请函”."))
    body = models.TextField(
        _("text"),
        validators=[validate_placeholders],
        help_text=_(
            "Plain text; an empty line starts a new paragraph. Placeholders in braces are filled in for each "
            "speaker: {salutation}, {name}, {honorific}, {position}, {affiliation}, {forum}, {edition}, {theme}, "
            "{dates}, {city}, {venue}, {sessions}, {number}, {issued_on}; visa letters also {passport_name}, "
            "{passport_number}, {nationality}, {birth_date}, {arrival}, {departure}."
        ),
    )
    signatory = models.CharField(
        _("signed by"), max_length=200, help_text=_("e.g. “第十九届长三角科技论坛组委会”; printed above the date.")
    )
    letterhead = models.ImageField(
        _("letterhead"),
        upload_to="documents/letterheads/",
        blank=True,
        help_text=_("A wide picture printed across the top of the first page (JPEG or PNG)."),
    )
    seal = models.ImageField(
        _("seal"),
        upload_to="documents/seals/",
        blank=True,
        help_text=_("The official seal, best a PNG with a transparent background; printed over the signature."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["forum", "edition", "kind"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["forum", "kind"], condition=Q(edition__isnull=True), name="letter_template_one_per_forum"
            ),
            models.UniqueConstraint(
                fields=["edition", "kind"], condition=Q(edition__isnull=False), name="letter_template_one_per_edition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.edition or self.forum}"


class DocumentSequence(models.Model):
    """The last number given under a prefix in a year; it only grows, so no number is given twice."""

    prefix = models.CharField(_("prefix"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number sequence")
        verbose_name_plural = _("document number sequences")
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="document_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class VisaRequest(models.Model):
    """A speaker's request for a visa invitation letter, with the passport details it must print."""

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+")
    speaker = models.ForeignKey(Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="+")
    passport_name = models.CharField(_("name as in the passport"), max_length=200)
    passport_number = models.CharField(_("passport number"), max_length=40)
    nationality = models.CharField(_("nationality"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    arrival = models.DateField(_("arrives on"))
    departure = models.DateField(_("leaves on"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("visa letter request")
        verbose_name_plural = _("visa letter requests")
        constraints = [
            models.CheckConstraint(condition=Q(departure__gte=F("arrival")), name="visa_request_leaves_after_arrival")
        ]

    def __str__(self) -> str:
        return f"{self.passport_name} · {self.edition}"


class IssuedDocument(models.Model):
    """One numbered document as issued: the verification record. Never deleted."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("number"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="+")
    speaker = models.ForeignKey(Speaker, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="+")
    visa_request = models.ForeignKey(
        VisaRequest, verbose_name=_("visa request"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The name as printed, in each language: what the verification page shows, whatever the profile says later.
    recipient_names = models.JSONField(_("name as printed"), default=dict)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)
    # E-mailed to the speaker (documents.mailing): when last, and how many times.
    mailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    mail_count = models.PositiveSmallIntegerField(_("times e-mailed"), default=0)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        indexes = [models.Index(fields=["edition", "speaker", "kind"], name="document_recipient_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def state(self) -> str:
        return DocumentState.REVOKED if self.revoked_at else DocumentState.VALID

    def get_state_display(self) -> str:
        return DocumentState(self.state).label


class DocumentFile(models.Model):
    """The PDF of a document in one language, exactly as issued (kept in the database: it may hold passport data)."""

    document = models.ForeignKey(IssuedDocument, on_delete=models.PROTECT, related_name="files")
    language = models.CharField(_("language"), max_length=10)
    content = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [models.UniqueConstraint(fields=["document", "language"], name="document_file_one_per_language")]

    def __str__(self) -> str:
        return f"{self.document.number} ({self.language})"


class LetterRecipient(SessionSpeaker):
    """A speaker's part in a session, seen as the recipient of the edition's invitation letter."""

    class Meta:
        proxy = True
        verbose_name = _("speaker to invite by letter")
        verbose_name_plural = _("invitation letters by speaker")
