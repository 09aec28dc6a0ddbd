"""The signed address of a document's verification page (what its QR code holds).

The token is the document's random public id signed with the site's secret:
an altered token, or one made up, answers 404 without a database query.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "documents.verify"


def token_for(public_id: uuid.UUID) -> str:
    return signing.Signer(salt=SALT).sign(public_id.hex)


def public_id_from(token: str) -> uuid.UUID | None:
    """The public id a token was signed for, or None for a tampered or malformed token."""
    try:
        return uuid.UUID(hex=signing.Signer(salt=SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def verify_url(public_id: uuid.UUID) -> str:
    """The absolute address printed and in the QR code (no language in it: the page speaks the visitor's)."""
    return settings.SITE_URL.rstrip("/") + reverse("documents:verify", args=[token_for(public_id)])
