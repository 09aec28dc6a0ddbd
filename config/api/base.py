"""What every API view shares: the visitor's language and sane query strings.

The API's plumbing lives here, in ``config.api``, below every app: each app's
``api/`` package builds its endpoints on it (views, filters, pagination, the
error body, the schema's shared parts).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from config.api import null_characters
from config.languages import LANGUAGE_CODES, normalise_language

# Characters of the raw (percent-encoded) query string; no query of this API needs more.
MAX_QUERY_STRING_LENGTH = 2048


class QueryStringTooLong(exceptions.APIException):
    status_code = status.HTTP_414_REQUEST_URI_TOO_LONG
    default_detail = gettext_lazy("The query string is too long.")
    default_code = "query_string_too_long"


def requested_language(request: Request) -> str:
    """``?lang=`` wins over ``Accept-Language`` (already applied by LocaleMiddleware)."""
    lang = request.query_params.get("lang")
    if lang is None:
        active = translation.get_language() or settings.LANGUAGE_CODE
        return active if active in LANGUAGE_CODES else settings.LANGUAGE_CODE
    normalised = normalise_language(lang)
    if normalised is None:
        raise exceptions.ValidationError(
            {
                "lang": [
                    _("Unknown language “%(lang)s”; use one of: %(codes)s.")
                    % {"lang": lang[:20], "codes": ", ".join(LANGUAGE_CODES)}
                ]
            }
        )
    return normalised


def check_query_string(request: Request) -> None:
    """Refuse a query string longer than ``MAX_QUERY_STRING_LENGTH`` (414), NUL
    characters (``config.api.null_characters``) and repeated parameters (400)."""
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING_LENGTH:
        raise QueryStringTooLong(
            _("The query string is too long: at most %(max)d characters.") % {"max": MAX_QUERY_STRING_LENGTH}
        )
    errors = {}
    for name, values in request.query_params.lists():
        if null_characters.holds_null_character([name, values]):
            errors[name[:50].replace("\x00", "")] = [str(null_characters.MESSAGE)]
        elif len(values) > 1:
            # No parameter of this API takes a list: a repeated one is a client bug, not a choice.
            errors[name[:50]] = [_("Give this parameter once.")]
    if errors:
        raise exceptions.ValidationError(errors)


class ApiViewMixin:
    # Not a docstring: drf-spectacular would print it as every operation's description.
    # Validates the query string, activates the language, sets the shared headers.

    language: str

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        check_query_string(request)
        self.language = requested_language(request)
        translation.activate(self.language)
        request.LANGUAGE_CODE = self.language
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        language = getattr(self, "language", None)
        if language:
            response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language",))
        # Keys travel in headers, never cookies, so any site may read the API (the embed does).
        response["Access-Control-Allow-Origin"] = "*"
        return response
