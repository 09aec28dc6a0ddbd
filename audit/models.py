"""The audit trail: one entry per change or action, with the places it concerns."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.enums import ActorKind, Verb


class AuditEntry(models.Model):
    """Who did what to which object, when, and what changed (``changes``: field → [old, new])."""

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as written, so the entry still names its author after the account is gone.
    actor_name = models.CharField(_("who"), max_length=150, blank=True)
    actor_kind = models.CharField(_("acting as"), max_length=10, choices=ActorKind.choices, default=ActorKind.STAFF)
    verb = models.CharField(_("action"), max_length=20, choices=Verb.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or self.get_actor_kind_display()} · {self.get_verb_display()} · {self.object_repr}"  # noqa: E501


class AuditPlace(models.Model):
    """Where an entry belongs: a forum, maybe one of its editions, maybe one sub-forum.

    Plain ids, not foreign keys: the trail outlives what it describes, and this
    app knows no domain model. An entry about a registration with three sub-forum
    choices has three places, so each sub-forum's host sees it.
    """

    entry = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="places")
    forum_id = models.BigIntegerField()
    edition_id = models.BigIntegerField(null=True, blank=True)
    sub_forum_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("audit place")
        verbose_name_plural = _("audit places")
        indexes = [
            models.Index(fields=["forum_id", "edition_id"], name="audit_place_edition_idx"),
            models.Index(fields=["sub_forum_id"], name="audit_place_sub_forum_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.forum_id}/{self.edition_id}/{self.sub_forum_id}"
