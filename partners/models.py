"""Partner sites: their API keys and webhook subscriptions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class WebhookSubscription(models.Model):
    """A partner URL that receives signed events such as ``agenda.published``."""

    organisation = models.ForeignKey(
        "forums.Organisation", verbose_name=_("partner"), on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    secret = models.CharField(_("signing secret"), max_length=128)
    editions = models.ManyToManyField("forums.Edition", verbose_name=_("limited to editions"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "url"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self) -> str:
        return self.url
