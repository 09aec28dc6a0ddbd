"""Declarative demo data: the Yangtze River Delta Science and Technology Forum.

The series, its initiator (2004, Zhejiang Provincial Association for Science and
Technology), the four provincial/municipal associations that hold it in turn and
the 19th edition (Wuhu, Anhui, opening 6 July 2022, with its academician forum and
its "Science and Technology Innovation China" service forum) follow the public
record. Everything else — the people, their posts, the fictional institutes and
companies, the session titles, the 18th edition's dates, venue and theme, the
registrations — is invented for the demo. Every person is fictional.

Plain lists of dicts whose keys are model fields; references to other rows are
given by natural key (slug, room name) and resolved by ``load_demo``.
"""

from __future__ import annotations


def tr(field: str, zh: str, en: str) -> dict[str, str]:
    """A translated field in both languages, as modeltranslation stores it."""
    return {f"{field}_zh_hans": zh, f"{field}_en": en}
