"""A text template rendered once for many recipients, cut where each recipient's own values go.

A mail to 20,000 attendees differs between two of them only where its text prints a
value of the recipient's own (``{{ attendee_name }}``, their links): the template
engine's work is otherwise the same for everyone. ``cut`` renders the template once,
with a marker standing for each such value, and cuts the result at the markers;
``Parts.fill`` joins one recipient's values in. The result is what the engine prints
for that recipient when each use of a recipient's value is a plain ``{{ name }}`` and
no tag could see it (a filter on it, ``{% if %}`` or ``{% with %}`` naming it,
``{% filter %}`` or ``{% autoescape %}`` around it, an ``{% include %}`` or a loaded tag
reading the context): for any other text ``cut`` answers None and the caller renders
the template for each recipient, as before.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from django.template.base import Lexer, TokenType

# Tags that read only the variables written in them (checked for recipients' names) and
# print nothing of their own that a recipient's value could change.
SAFE_TAGS = frozenset(
    {
        "if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith", "comment", "endcomment",
        "verbatim", "endverbatim", "now", "templatetag", "cycle", "firstof", "widthratio",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Parts:
    """A rendered text as literal pieces with the names of the values between them."""

    pieces: tuple[str, ...]  # one more than ``names``
    names: tuple[str, ...]

    def fill(self, values: Mapping[str, str]) -> str:
        out = [self.pieces[0]]
        for name, piece in zip(self.names, self.pieces[1:], strict=True):
            out += (values[name], piece)
        return "".join(out)


def _mentions(names: Collection[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")


def only_printed(source: str, names: Collection[str]) -> bool:
    """Whether ``source`` uses each of ``names`` only as a plain ``{{ name }}`` in safe company."""
    mentions = _mentions(names)
    for token in Lexer(source).tokenize():
        contents = token.contents.strip()
        if token.token_type == TokenType.VAR:
            if mentions.search(contents) and contents not in names:
                return False
        elif token.token_type == TokenType.BLOCK and (
            contents.split(maxsplit=1)[0] not in SAFE_TAGS or mentions.search(contents)
        ):
            return False
    return True


def cut(source: str, names: Collection[str], render: Callable[[dict[str, str]], str]) -> Parts | None:
    """``source`` rendered once by ``render`` (given a marker for each of ``names``) and cut at
    the markers; None when a recipient's value could change more than where it is printed."""
    if not only_printed(source, names):
        return None
    # Markers no text can hold by chance (and form fields refuse NUL characters).
    stamp = uuid.uuid4().hex
    markers = {name: f"\x00{stamp}:{name}\x00" for name in names}
    split = re.split(f"\x00{stamp}:([a-z_]+)\x00", render(markers))
    return Parts(pieces=tuple(split[0::2]), names=tuple(split[1::2]))
