"""Reads of forums and editions shared by the API views."""

from __future__ import annotations

from django.db.models import QuerySet

from forums.enums import EditionStatus
from forums.models import Edition


def public_editions() -> QuerySet[Edition]:
    """Editions the public may see: everything but drafts."""
    return Edition.objects.exclude(status=EditionStatus.DRAFT)
