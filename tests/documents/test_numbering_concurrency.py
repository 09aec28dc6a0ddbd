"""Numbers taken at once by many transactions on PostgreSQL (READ COMMITTED): each given once, none skipped."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from documents import numbering
from tests.factories import EditionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
WORKERS = 8
EACH = 10


def test_concurrent_transactions_never_share_a_number() -> None:
    edition = EditionFactory()

    def take(_worker: int) -> list[str]:
        try:
            taken = []
            for _ in range(EACH):
                with transaction.atomic():
                    taken.append(numbering.next_number(edition=edition, year=2030))
            return taken
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        numbers = [number for taken in pool.map(take, range(WORKERS)) for number in taken]
    prefix = numbering.prefix_for(edition)
    assert sorted(numbers) == [f"{prefix}-2030-{n:04d}" for n in range(1, WORKERS * EACH + 1)]
