"""Signed links that stand in for an account: the invitation's answer page and the speaker's own pages.

An invitation link signs the invitation's key (its expiry is the invitation's
``expires_at``, which a resend moves); a profile link signs the profile's key
with a timestamp and lives ``SPEAKERS_PROFILE_LINK_MAX_AGE``. Each purpose has
its own salt, so one link cannot stand for the other, and an edited key fails
the signature.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from speakers.models import Invitation, SpeakerProfile

INVITATION = "speakers.invitation"
PROFILE = "speakers.profile"


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def invitation_token(invitation: Invitation) -> str:
    return signing.Signer(salt=INVITATION).sign(invitation.key.hex)


def read_invitation_token(token: str) -> uuid.UUID | None:
    """The invitation key inside a valid token, else None."""
    try:
        return _uuid(signing.Signer(salt=INVITATION).unsign(token))
    except signing.BadSignature:
        return None


def profile_token(profile: SpeakerProfile) -> str:
    return signing.TimestampSigner(salt=PROFILE).sign(profile.key.hex)


def read_profile_token(token: str) -> uuid.UUID | None:
    """The profile key inside a valid, unexpired token, else None."""
    try:
        return _uuid(
            signing.TimestampSigner(salt=PROFILE).unsign(token, max_age=settings.SPEAKERS_PROFILE_LINK_MAX_AGE)
        )
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def invitation_url(invitation: Invitation) -> str:
    return absolute(reverse("speakers:invitation", kwargs={"token": invitation_token(invitation)}))


def profile_path(profile: SpeakerProfile) -> str:
    return reverse("speakers:profile", kwargs={"token": profile_token(profile)})


def profile_url(profile: SpeakerProfile) -> str:
    return absolute(profile_path(profile))
