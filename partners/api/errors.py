"""One error shape for the whole API: ``{"detail", "code", "errors"?}``.

``errors`` carries DRF's field-level messages (``{"field": ["message"]}``) for a
400, so a partner sees which input was wrong.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ErrorSerializer(serializers.Serializer):
    """Documentation of the error body (never used to parse input)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="Field-level messages: {field: [message]}."
    )


def _first_code(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_code(next(iter(detail.values())))
    return getattr(detail, "code", None) or "invalid"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        response.data = {"detail": _("Invalid input."), "code": _first_code(detail), "errors": errors}
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        response.data = {"detail": str(detail), "code": str(code)}
    else:  # Http404 and PermissionDenied raised by Django code, already mapped by DRF
        data = response.data if isinstance(response.data, dict) else {}
        code = "not_found" if isinstance(exc, Http404) else "permission_denied"
        response.data = {"detail": str(data.get("detail", "")), "code": code}
    return response
