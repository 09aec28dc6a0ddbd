"""How a message leaves the outbox. Each channel (e-mail today; SMS or WeChat
later) is a class named in ``settings.OUTBOX_CHANNELS`` that the sender asks to
open a connection, send rows of its channel one by one, and close.

Callers never see a channel: they queue rows with a ``channel`` value, and the
sender finds the class here. Adding a channel is a new class and a setting.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from outbox.channels.base import ChannelSender, PermanentSendError, TemporarySendError

__all__ = ["ChannelSender", "PermanentSendError", "TemporarySendError", "sender_for"]


def sender_for(channel: str) -> ChannelSender:
    """A fresh sender for ``channel`` (it holds one connection, for one batch)."""
    path = settings.OUTBOX_CHANNELS.get(channel)
    if path is None:
        raise PermanentSendError(f"No sender is configured for the {channel!r} channel (OUTBOX_CHANNELS).")
    return import_string(path)()
