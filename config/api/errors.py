"""One error shape for the whole API: ``{"detail", "code", "errors"?}``.

``errors`` carries DRF's field-level messages (``{"field": ["message"]}``) for a
400, so a partner sees which input was wrong.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ErrorSerializer(serializers.Serializer):
    """Documentation of the error body (never used to parse input)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.JSONField(), required=False, help_text="Field-level messages: {field: [message]}."
    )


def error_body(detail: str, code: str, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The API's one error shape."""
    body: dict[str, Any] = {"detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    return body


def _first_code(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return _first_code(detail[0])
    if isinstance(detail, dict) and detail:
        return _first_code(next(iter(detail.values())))
    return getattr(detail, "code", None) or "invalid"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "request_too_large"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):  # Django refused to read a body beyond DATA_UPLOAD_MAX_MEMORY_SIZE
        exc = RequestTooLarge(
            _("The request body is longer than %(max)d bytes.") % {"max": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        errors = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        response.data = error_body(_("Invalid input."), _first_code(detail), errors)
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        response.data = error_body(str(detail), str(code))
    else:  # Http404 and PermissionDenied raised by Django code, already mapped by DRF
        data = response.data if isinstance(response.data, dict) else {}
        code = "not_found" if isinstance(exc, Http404) else "permission_denied"
        response.data = error_body(str(data.get("detail", "")), code)
    return response


@csrf_exempt  # no cookies are involved; a PUT to a bad URL must get the JSON 404, not a CSRF page
def api_not_found(request: HttpRequest) -> JsonResponse:
    """The API's 404 for URLs matching no endpoint (a malformed id or slug in the path)."""
    response = JsonResponse(error_body(_("Not found."), "not_found"), status=404)
    response["Access-Control-Allow-Origin"] = "*"
    return response
