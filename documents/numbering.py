"""Document numbers: ``<forum initials><edition number>-<year>-<sequence>``, e.g. ``YSF19-2026-0007``.

Numbers run per prefix (a forum's edition) and year, from one row of
``DocumentSequence`` that only grows, so a number is never given twice — not
after a revocation, not to two forums whose initials agree (they share the
counter of the prefix).
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.db.models import F

from documents.models import DocumentSequence
from forums.models import Edition


def prefix_for(edition: Edition) -> str:
    """Upper-case initials of the forum's slug words, then the edition's number ("yrd-st-forum", 19 → "YSF19")."""
    initials = "".join(word[0] for word in re.split(r"[^a-zA-Z0-9]+", edition.forum.slug) if word).upper()
    return f"{initials[:8] or 'DOC'}{edition.number}"


def next_number(*, edition: Edition, year: int) -> str:
    """The next number of the edition's prefix in ``year``; call inside the transaction that uses it."""
    prefix = prefix_for(edition)
    sequence = DocumentSequence.objects.filter(prefix=prefix, year=year)
    if not sequence.update(last=F("last") + 1):
        try:
            with transaction.atomic():
                DocumentSequence.objects.create(prefix=prefix, year=year, last=1)
        except IntegrityError:  # created meanwhile by a concurrent issue: count on it
            sequence.update(last=F("last") + 1)
    last = sequence.values_list("last", flat=True).get()
    return f"{prefix}-{year}-{last:04d}"
