"""Periodic work on invitations, started by beat (config/celery.py); each finds what is due in the database."""

from __future__ import annotations

from celery import shared_task

from speakers import invitations, reminders


@shared_task(name="speakers.expire_invitations")
def expire_invitations() -> int:
    return invitations.expire_invitations()


@shared_task(name="speakers.remind_invitations")
def remind_invitations() -> int:
    return invitations.remind_invitations()


@shared_task(name="speakers.remind_sessions")
def remind_sessions() -> int:
    return reminders.remind_sessions()
