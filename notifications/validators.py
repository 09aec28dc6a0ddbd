from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template import TemplateSyntaxError, engines
from django.utils.translation import gettext_lazy as _


def validate_template(value: str) -> None:
    """Refuse a reminder text that is not valid Django template syntax, with the parser's reason."""
    try:
        engines["django"].from_string(value)
    except TemplateSyntaxError as exc:
        raise ValidationError(_("Template error: %(error)s"), params={"error": exc}) from exc
