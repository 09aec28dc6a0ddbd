"""DRF authentication and permissions for partner keys.

A key is read from the database on every request (one indexed lookup by
prefix) and never cached, so revoking one refuses the very next request.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import BaseThrottle

from partners import quotas
from partners.keys import secret_matches, split_key
from partners.models import ApiKey

# Writing last_used_at on every request would add a query to each; minutes are precise enough.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


class PartnerUser:
    """``request.user`` for a request made with a partner key."""

    is_authenticated = True
    is_anonymous = False
    is_staff = False
    is_superuser = False
    pk = None

    def __init__(self, api_key: ApiKey) -> None:
        self.api_key = api_key
        self.organisation = api_key.organisation

    def __str__(self) -> str:
        return f"partner {self.organisation}"


def presented_key(request: Request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _sep, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
        return None
    return request.META.get("HTTP_X_API_KEY") or None


class ApiKeyAuthentication(BaseAuthentication):
    """``Authorization: Bearer <prefix>.<secret>`` or ``X-API-Key: <prefix>.<secret>``."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[PartnerUser, ApiKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        raw = presented_key(request)
        if raw is None:
            if header:
                raise exceptions.AuthenticationFailed(_("Use “Authorization: Bearer <key>” or “X-API-Key: <key>”."))
            return None
        parts = split_key(raw)
        if parts is None:
            raise exceptions.AuthenticationFailed(_("Malformed API key."))
        prefix, secret = parts
        api_key = ApiKey.objects.select_related("organisation").filter(prefix=prefix).first()
        if api_key is None or not secret_matches(secret, api_key.hashed_secret):
            raise exceptions.AuthenticationFailed(_("Unknown API key."))
        if api_key.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        now = timezone.now()
        if api_key.expires_at is not None and api_key.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This API key has expired."))
        if api_key.last_used_at is None or now - api_key.last_used_at > LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        return PartnerUser(api_key), api_key

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to a request without valid credentials.
        return 'Bearer realm="api"'


class PartnerQuotaThrottle(BaseThrottle):
    """Counts each request made with a key against its daily quota (429 beyond it)."""

    def allow_request(self, request: Request, view: object) -> bool:
        if not isinstance(request.auth, ApiKey):
            return True
        result = quotas.consume(request.auth)
        self._wait = result.retry_after
        return result.allowed

    def wait(self) -> float | None:
        return getattr(self, "_wait", None)


class HasScope(BasePermission):
    """Requires a partner key carrying the view's ``required_scope`` (or, for
    public views, a key — if one is sent — with ``agenda:read``)."""

    message = _("This API key lacks the scope this endpoint needs.")

    def has_permission(self, request: Request, view: object) -> bool:
        scope = required_scope(view, request)
        if scope is None:
            return True
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            raise exceptions.NotAuthenticated(_("This endpoint needs a partner API key."))
        if not api_key.has_scope(scope):
            self.message = _("This API key lacks the “%(scope)s” scope.") % {"scope": scope}
            return False
        return True


def required_scope(view: object, request: Request) -> str | None:
    """The scope a request needs: ``view.scopes`` maps a method (or "*") to a scope."""
    scopes: dict[str, str] = getattr(view, "scopes", {})
    if request.method in scopes:
        return scopes[request.method]
    if request.method == "HEAD" and "GET" in scopes:
        return scopes["GET"]
    if "*" in scopes:
        return scopes["*"]
    # Public reads: anonymous is fine, a partner key must carry agenda:read.
    if isinstance(request.auth, ApiKey):
        return "agenda:read"
    return None
