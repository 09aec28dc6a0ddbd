"""A targeted mail to every registration of the 20,000 edition, rendered per language
and queued in the outbox (issue 15's target: at most 5 s on PostgreSQL; Indico 3.2.9
takes 17 s for 10,000). Every status is selected (``status=""``), so the audience is
the whole edition; the time covers the audience query, rendering each recipient's
message in their language (with their own ticket and self-service links) and the bulk
INSERTs, in the one transaction ``queue_mail`` runs — not the sending, which the
outbox's workers do afterwards at their own rate (the benchmark's settings run Celery
tasks eagerly, so the kick given on commit is left out here). The outbox rows are
removed afterwards, so the parts run after this one see the edition as built.
"""

from __future__ import annotations

import time

from bench.organiser.data import Built, Row


def measure(built: Built) -> list[Row]:
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from notifications import mail_templates, targeted_mail
    from notifications.models import TargetedMail, TargetedMailText
    from outbox import wake
    from outbox.models import OutboxMessage

    mail = TargetedMail.objects.create(edition_id=built.edition_id, name="bench: practical information", status="")
    TargetedMailText.objects.bulk_create(
        TargetedMailText(mail=mail, language=language, subject=subject, body_text=text)
        for language, (subject, text) in mail_templates.BY_KEY["practical"].texts.items()
    )
    before = OutboxMessage.objects.count()
    kick = wake.start_batches
    wake.start_batches = lambda **_kwargs: None  # queued, not sent here (see the docstring)
    try:
        t0 = time.perf_counter()
        counted = targeted_mail.count(mail)
        count_ms = (time.perf_counter() - t0) * 1000
        with CaptureQueriesContext(connection) as queries:
            t0, c0 = time.perf_counter(), time.process_time()
            queued = targeted_mail.queue_mail(mail=mail)
            queue_ms = (time.perf_counter() - t0) * 1000
            queue_cpu_ms = (time.process_time() - c0) * 1000
        languages = dict(
            OutboxMessage.objects.filter(kind=targeted_mail.KIND_TARGETED)
            .values_list("language")
            .annotate(n=Count("pk"))
        )
        assert queued == counted.recipients == OutboxMessage.objects.count() - before, (queued, counted)
        return [
            Row(f"targeted mail: count {counted.recipients:,} recipients", count_ms, note="2 queries"),
            Row(
                f"targeted mail: render + queue {queued:,}",
                queue_ms,
                len(queries.captured_queries),
                target="<=5000 ms",
                note=f"CPU {queue_cpu_ms:,.0f} ms; {queued / (queue_ms / 1000):,.0f} msg/s (Indico ~590/s); "
                f"by language {languages}",
            ),
        ]
    finally:
        wake.start_batches = kick
        OutboxMessage.objects.filter(kind=targeted_mail.KIND_TARGETED).delete()
        mail.delete()
