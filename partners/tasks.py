from __future__ import annotations

import logging

from celery import shared_task

from partners.services import purge_idempotency_records

logger = logging.getLogger(__name__)


@shared_task(name="partners.purge_idempotency_records")
def purge_idempotency_records_task() -> int:
    deleted = purge_idempotency_records()
    logger.info("purged %d idempotency records", deleted)
    return deleted
