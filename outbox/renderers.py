"""Messages written by the sender, just before sending (``OutboxMessage.render_on_send``).

An app registers a renderer for a ``kind``; the renderer gets the claimed rows
of that kind and fills in ``subject`` and ``body_text`` (and ``body_html``)
from the objects the rows point at (``related``). The sender saves what was
written, so the outbox shows exactly what went out. A row whose renderer fails
(its registration was deleted meanwhile, say) is reported back and fails with
that reason; nothing is sent half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from itertools import groupby

from outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# Fills the rows in place; returns {pk: reason} for rows it could not write.
Renderer = Callable[[list[OutboxMessage]], dict[int, str]]

_renderers: dict[str, Renderer] = {}


def register(kind: str, renderer: Renderer) -> None:
    """Called from an AppConfig.ready(); registering a kind twice keeps the last."""
    _renderers[kind] = renderer


def render_deferred(messages: list[OutboxMessage]) -> dict[int, str]:
    """Write every row of ``messages`` that waits for it and save them; returns {pk: reason} of failures."""
    waiting = sorted((m for m in messages if m.render_on_send), key=lambda m: m.kind)
    failures: dict[int, str] = {}
    written: list[OutboxMessage] = []
    for kind, group in groupby(waiting, key=lambda m: m.kind):
        rows = list(group)
        renderer = _renderers.get(kind)
        if renderer is None:
            failures.update({m.pk: f"No renderer for e-mails of kind {kind!r}." for m in rows})
            continue
        try:
            failed = renderer(rows)
        except Exception as exc:
            logger.exception("Rendering %s outbox messages of kind %s failed", len(rows), kind)
            failures.update({m.pk: f"Could not write the e-mail: {exc!r}"[:2000] for m in rows})
            continue
        failures.update(failed)
        written.extend(m for m in rows if m.pk not in failed)
    for message in written:
        message.render_on_send = False
    if written:
        OutboxMessage.objects.bulk_update(written, ["subject", "body_text", "body_html", "render_on_send"])
    return failures
