"""The site's languages, read from ``settings.LANGUAGES`` (the one list of them)."""

from __future__ import annotations

from django.conf import settings

# ("zh-hans", "en"): the order is the fallback order of translated texts.
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
# Column suffixes of modeltranslation fields: title_zh_hans, title_en.
FIELD_SUFFIXES: tuple[str, ...] = tuple(code.replace("-", "_") for code in LANGUAGE_CODES)
_ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh_hans": "zh-hans", "zh-sg": "zh-hans"}


def language_choices() -> list[tuple[str, str]]:
    """(code, name) pairs for a choice field, names in their own language ("简体中文", "English")."""
    return list(settings.LANGUAGES)


# The same pairs as a value, for what needs one (the API schema's enum of languages).
LANGUAGE_CHOICES: list[tuple[str, str]] = language_choices()


def normalise_language(value: str | None) -> str | None:
    """A known language code for ``value`` ("zh", "zh-CN", "EN" …), or None."""
    if not value:
        return None
    code = value.strip().lower()
    code = _ALIASES.get(code, code)
    return code if code in LANGUAGE_CODES else None
