"""PostgreSQL specifics of the outbox: SKIP LOCKED claims and asynchronous outcome commits."""

import threading

import pytest
from django.db import connection, transaction

from outbox import sending
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from tests.outbox.factories import queue


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_claims_skip_rows_locked_by_another_worker() -> None:
    for i in range(6):
        queue(kind="k", to=f"m{i}@example.org", subject="S", text="T", dedupe_key=f"skip:{i}")
    OutboxMessage.objects.update(status=OutboxStatus.PENDING)  # the eager on-commit send already ran; reset
    locked, release = threading.Event(), threading.Event()
    first_three = list(OutboxMessage.objects.order_by("pk").values_list("pk", flat=True)[:3])

    def other_worker() -> None:
        with transaction.atomic():
            list(OutboxMessage.objects.select_for_update().filter(pk__in=first_three))
            locked.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        _claim, rows = sending.claim_due(limit=10)
    finally:
        release.set()
        thread.join()
    assert sorted(r.pk for r in rows) == sorted(
        set(OutboxMessage.objects.values_list("pk", flat=True)) - set(first_three)
    )
    assert {r.status for r in rows} == {OutboxStatus.SENDING}


@pytest.mark.postgres
@pytest.mark.django_db
def test_fast_commit_setting_is_scoped_to_the_batch() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        before = cursor.fetchone()[0]
    sending.send_due_batch()
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == before
