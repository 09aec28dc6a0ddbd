"""Placeholders in an organiser's letter text: ``{name}`` and friends, filled in per recipient.

The text is plain text, never a template language: a placeholder is a known
word in braces and nothing else is interpreted, so an organiser cannot reach
anything but the values offered here. Unknown placeholders are refused when
the template is saved, naming them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
LETTER_PLACEHOLDERS = frozenset(
    {
        "salutation",
        "name",
        "honorific",
        "position",
        "affiliation",
        "forum",
        "edition",
        "theme",
        "dates",
        "city",
        "venue",
        "sessions",
        "number",
        "issued_on",
    }
)
VISA_PLACEHOLDERS = frozenset({"passport_name", "passport_number", "nationality", "birth_date", "arrival", "departure"})
KNOWN = LETTER_PLACEHOLDERS | VISA_PLACEHOLDERS


def validate_placeholders(text: str) -> None:
    """Refuse a text with a placeholder no letter can fill, naming it."""
    unknown = sorted({name for name in PLACEHOLDER.findall(text or "") if name not in KNOWN})
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s. Use only those listed below the text."),
            code="unknown_placeholder",
            params={"names": ", ".join(f"{{{name}}}" for name in unknown)},
        )


def fill(text: str, values: Mapping[str, str]) -> list[list[str]]:
    """The text with its placeholders filled in, as paragraphs (split at empty lines) of lines.

    A placeholder without a value (a visa field in an invitation letter) prints as nothing.
    """
    filled = PLACEHOLDER.sub(lambda match: values.get(match[1], "") if match[1] in KNOWN else match[0], text)
    paragraphs = re.split(r"\n\s*\n", filled.replace("\r\n", "\n").strip())
    return [[line.strip() for line in paragraph.split("\n") if line.strip()] for paragraph in paragraphs if paragraph]
