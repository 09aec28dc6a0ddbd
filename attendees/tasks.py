"""Thin Celery tasks around attendees.services."""

from __future__ import annotations

import logging

from celery import shared_task

from attendees import services

logger = logging.getLogger(__name__)


@shared_task(name="attendees.expire_pending_registrations")
def expire_pending_registrations() -> int:
    """Beat runs this every minute: unconfirmed registrations past their hold free their places."""
    expired = services.expire_pending_registrations()
    if expired:
        logger.info("Expired %s pending registrations", expired)
    return expired
