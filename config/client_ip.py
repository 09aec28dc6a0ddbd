"""The client's address, as rate limits, lockouts and registrations record it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or — behind our reverse proxy (``BEHIND_PROXY``) — the address the
    proxy saw, which it appends last to X-Forwarded-For. Earlier entries come from the
    client and prove nothing."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")
