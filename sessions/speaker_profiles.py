"""What the public may know of a speaker: the one place that decides it.

Every public face reads a speaker through here — the published snapshot (and
so the agenda API, its exports and the embed), the speaker pages and the API's
speaker endpoints. A field not returned by ``public_profile`` never reaches a
visitor; the contact e-mail is not even loaded (``public_speakers`` defers it).
The biography and the photo are shown only with the speaker's consent
(``publish_biography``, ``publish_photo``, set from their own answer by the
speakers app), so every face follows it at once.
"""

from __future__ import annotations

from typing import Any, TypedDict

from django.db.models import QuerySet
from django.utils import translation

from config.languages import LANGUAGE_CODES
from sessions.models import Speaker

# Translated fields shown to the public, kept in every language.
TRANSLATED_FIELDS = ("name", "honorific", "position", "affiliation", "biography")
# Columns read for a public profile: never the private ones (contact e-mail).
PUBLIC_COLUMNS = (
    "id",
    "slug",
    "honour",
    "photo",
    "website",
    "links",
    "updated_at",
    "publish_biography",
    "publish_photo",
    *(f"{field}_{code.replace('-', '_')}" for field in TRANSLATED_FIELDS for code in LANGUAGE_CODES),
)


class PublicProfile(TypedDict):
    """A speaker as the public sees them; texts in every language ({"zh-hans": …, "en": …})."""

    id: int
    slug: str
    name: dict[str, str]
    honour: str
    honorific: dict[str, str]
    position: dict[str, str]
    affiliation: dict[str, str]
    biography: dict[str, str]
    public_line: dict[str, str]
    photo: str | None
    website: str


def public_speakers() -> QuerySet[Speaker]:
    """Speakers with only their public columns loaded."""
    return Speaker.objects.only(*PUBLIC_COLUMNS)


def _texts(speaker: Speaker, field: str) -> dict[str, str]:
    return {code: getattr(speaker, f"{field}_{code.replace('-', '_')}") or "" for code in LANGUAGE_CODES}


def public_profile(speaker: Speaker) -> PublicProfile:
    """The public fields of ``speaker`` in every language: what a programme, a speaker page and the API show."""
    lines = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            lines[code] = speaker.public_line
    return {
        "id": speaker.pk,
        "slug": speaker.slug,
        "name": _texts(speaker, "name"),
        "honour": speaker.honour,
        "honorific": _texts(speaker, "honorific"),
        "position": _texts(speaker, "position"),
        "affiliation": _texts(speaker, "affiliation"),
        "biography": _texts(speaker, "biography") if speaker.publish_biography else dict.fromkeys(LANGUAGE_CODES, ""),
        "public_line": lines,
        "photo": speaker.photo.url if speaker.photo and speaker.publish_photo else None,
        "website": speaker.website,
    }


def public_links(speaker: Speaker) -> list[dict[str, Any]]:
    """The speaker's other links ({"label", "url"}) that are web addresses; anything else is dropped."""
    return [
        {"label": str(link.get("label") or link["url"]), "url": link["url"]}
        for link in speaker.links or []
        if isinstance(link, dict) and str(link.get("url", "")).startswith(("https://", "http://"))
    ]
