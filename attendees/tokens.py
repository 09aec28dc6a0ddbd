"""Signed, expiring links that stand in for an account.

A token is the registration code signed with a purpose-specific salt and a
timestamp, so a confirmation link cannot be used as a self-service link, an
edited code fails the signature, and an old link stops working.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM = "attendees.confirm"
MANAGE = "attendees.manage"

_MAX_AGE_SETTING = {CONFIRM: "ATTENDEES_CONFIRM_LINK_MAX_AGE", MANAGE: "ATTENDEES_MANAGE_LINK_MAX_AGE"}


def make_token(code: str, purpose: str) -> str:
    return signing.TimestampSigner(salt=purpose).sign(code)


def read_token(token: str, purpose: str) -> str | None:
    """The code inside a valid, unexpired token of this purpose, else None."""
    max_age = getattr(settings, _MAX_AGE_SETTING[purpose])
    try:
        return signing.TimestampSigner(salt=purpose).unsign(token, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def confirm_path(code: str) -> str:
    return reverse("attendees:confirm", kwargs={"token": make_token(code, CONFIRM)})


def manage_path(code: str) -> str:
    return reverse("attendees:manage", kwargs={"token": make_token(code, MANAGE)})


# The personal calendar feed: a calendar application keeps its link for as long
# as it is subscribed, so it does not expire; issuing a new one (the next
# generation, attendees.personal_agenda.reissue_feed) retires the old.
FEED = "attendees.feed"


def make_feed_token(code: str, generation: int) -> str:
    return signing.Signer(salt=FEED).sign(f"{code}.{generation}")


def read_feed_token(token: str) -> tuple[str, int] | None:
    """(registration code, feed generation) inside a valid feed token, else None."""
    try:
        value = signing.Signer(salt=FEED).unsign(token)
    except signing.BadSignature:
        return None
    code, _dot, generation = value.rpartition(".")
    if not code or not generation.isdigit():
        return None
    return code, int(generation)


def feed_path(code: str, generation: int) -> str:
    return reverse("attendees:feed", kwargs={"token": make_feed_token(code, generation)})


def feed_urls(code: str, generation: int) -> dict[str, str]:
    """The feed's address to subscribe to (``webcal://``, which opens the calendar
    application) and the same over http(s), for applications that ask for a URL."""
    https = absolute(feed_path(code, generation))
    return {"webcal": "webcal://" + https.split("://", 1)[1], "https": https}
