"""The interface every channel's sender implements, and the two ways a send can fail."""

from __future__ import annotations

from typing import Protocol

from outbox.models import OutboxMessage


class TemporarySendError(Exception):
    """Worth retrying later (a 4xx reply, a lost connection). ``connection_lost`` ends the batch."""

    def __init__(self, error: str, *, connection_lost: bool = False) -> None:
        super().__init__(error)
        self.connection_lost = connection_lost


class PermanentSendError(Exception):
    """Retrying will not help (a 5xx reply). ``bounce``: the recipient itself was refused."""

    def __init__(self, error: str, *, bounce: bool = False) -> None:
        super().__init__(error)
        self.bounce = bounce


class ChannelSender(Protocol):
    """Sends the rows of one channel over one connection, for one batch.

    ``send`` returns when the provider has accepted the message and raises
    ``TemporarySendError`` or ``PermanentSendError`` otherwise; anything else it
    raises counts as temporary. ``open`` is called before the first ``send``,
    ``close`` once at the end of the batch (also after a failure).
    """

    def open(self) -> None: ...

    def send(self, message: OutboxMessage) -> None: ...

    def close(self) -> None: ...
