"""Every Simplified Chinese catalogue is complete and compiled: no string shows in
English on a Chinese page or admin screen because its translation was never
written, is marked fuzzy, or was written but not compiled (`make messages`)."""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(p for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po") if ".venv" not in p.parts)


@dataclass
class Entry:
    msgid: str = ""
    msgstrs: tuple[str, ...] = ()
    fuzzy: bool = False
    context: str | None = None
    plural: str | None = None

    def compiled(self, catalogue: gettext.GNUTranslations) -> str:
        """What the compiled catalogue gives for this entry (the singular form)."""
        if self.plural is not None:
            if self.context is not None:
                return catalogue.npgettext(self.context, self.msgid, self.plural, 1)
            return catalogue.ngettext(self.msgid, self.plural, 1)
        if self.context is not None:
            return catalogue.pgettext(self.context, self.msgid)
        return catalogue.gettext(self.msgid)


def _entries(path: Path) -> list[Entry]:
    """The catalogue's live entries (obsolete ``#~`` ones left out), read without a gettext library."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] += ast.literal_eval(line)
                continue
            key, _, value = line.partition(" ")
            fields[key] = ast.literal_eval(value)
        if fields.get("msgid"):
            strs = tuple(value for name, value in fields.items() if name.startswith("msgstr"))
            fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
            entries.append(Entry(fields["msgid"], strs, fuzzy, fields.get("msgctxt"), fields.get("msgid_plural")))
    return entries


def test_there_are_catalogues() -> None:
    assert len(CATALOGUES) >= 6, CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_and_compiled(path: Path) -> None:
    entries = _entries(path)
    assert entries
    missing = [e.msgid for e in entries if e.fuzzy or not all(e.msgstrs)]
    assert missing == [], f"untranslated or fuzzy in {path}"
    with path.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [e.msgid for e in entries if e.compiled(catalogue) != e.msgstrs[0]]
    assert stale == [], f"{path.with_suffix('.mo')} is older than its .po: run `make messages`"
