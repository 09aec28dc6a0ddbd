"""Partner sites: their API keys, daily usage, stored idempotent answers, and the embed snippets' view of editions."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import Edition


class ApiKey(models.Model):
    """A key issued to a partner organisation. Only a hash of the secret is kept."""

    organisation = models.ForeignKey(
        "forums.Organisation", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(_("name"), max_length=120)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_secret = models.CharField(_("hashed secret"), max_length=128, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    forums = models.ManyToManyField("forums.Forum", verbose_name=_("limited to forums"), blank=True)
    editions = models.ManyToManyField("forums.Edition", verbose_name=_("limited to editions"), blank=True)
    daily_quota = models.PositiveIntegerField(_("daily quota"), default=10000)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        """Not revoked and not expired, at this moment."""
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class ApiKeyUsage(models.Model):
    """Requests made with a key on one UTC day: the database quota counter.

    Incremented with a single ``UPDATE … SET count = count + 1`` so concurrent
    requests never lose a count (used when no Redis is configured).
    """

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(_("day (UTC)"))
    count = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        ordering = ["api_key", "-day"]
        verbose_name = _("API key usage")
        verbose_name_plural = _("API key usage")
        constraints = [models.UniqueConstraint(fields=["api_key", "day"], name="api_key_usage_unique_day")]

    def __str__(self) -> str:
        return f"{self.api_key_id} {self.day}: {self.count}"


class IdempotencyRecord(models.Model):
    """The response to a POST made with one API key, kept under its ``Idempotency-Key``.

    The unique constraint on (API key, key) is what makes a retry run once:
    the first request inserts the row inside its transaction, a concurrent
    retry blocks on that insert and then finds the stored response. Another
    key — even one of the same partner — never sees it: its answer may hold
    registrations of editions that key is not limited to.
    """

    api_key = models.ForeignKey(ApiKey, verbose_name=_("API key"), on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("idempotency key"), max_length=255)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    request_hash = models.CharField(_("request hash"), max_length=64)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_body = models.JSONField(_("response body"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    # Partners retry within minutes; a day is generous and keeps the table small.
    RETENTION = dt.timedelta(days=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_unique_key_per_api_key"),
            models.CheckConstraint(condition=~Q(key=""), name="idempotency_key_not_empty"),
        ]
        indexes = [models.Index(fields=["created_at"], name="idempotency_created_idx")]

    def __str__(self) -> str:
        return f"{self.api_key_id}:{self.key}"


class EditionEmbed(Edition):
    """An edition seen from the admin's "embed snippets" page (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("embed snippet")
        verbose_name_plural = _("embed snippets")
