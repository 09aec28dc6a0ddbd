"""What every page behind a speaker's personal link shares: rate limit, no caching, 404 for a bad link."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from speakers import selectors, tokens
from speakers.models import Invitation, SpeakerProfile


def _link_rate(group: str, request: HttpRequest) -> str:
    return settings.ATTENDEES_LINK_RATE  # one limit for every personal link of the site


limit_links = ratelimit(group="speaker-links", key="ip", rate=_link_rate, method=ratelimit.ALL, block=True)


def personal_link(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page behind someone's personal link: rate-limited, and kept by no cache (no-store, private)."""
    return limit_links(never_cache(view))


def invitation_or_404(token: str) -> Invitation:
    """A forged or edited link answers 404 like an unknown one."""
    key = tokens.read_invitation_token(token)
    if key is None:
        raise Http404
    try:
        return selectors.invitation_by_key(key)
    except Invitation.DoesNotExist as exc:
        raise Http404 from exc


def profile_or_404(token: str) -> SpeakerProfile:
    key = tokens.read_profile_token(token)
    if key is None:
        raise Http404
    try:
        return selectors.profile_by_key(key)
    except SpeakerProfile.DoesNotExist as exc:
        raise Http404 from exc
