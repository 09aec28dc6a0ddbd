"""OpenAPI description of what every view shares: anonymous access to public
reads, the ``lang`` parameter, the error bodies and the response headers.
(``config.api.schema_view`` serves it in English; the key schemes are described
next to the key authentication, in ``partners.schema``.)

Rules: an operation's description is what its ``extend_schema`` says (plus the
scope it needs), never a class's or method's docstring, which are for
developers; every operation has a summary and a description (tested). The
schema is OpenAPI 3.1, so a nullable reference is ``oneOf: [$ref, null]``, and a
value that may also be blank is ``anyOf`` its format and the blank string.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from config.api.base import MAX_QUERY_STRING_LENGTH
from config.api.errors import ErrorSerializer
from config.languages import LANGUAGE_CODES

ERROR_DESCRIPTIONS = {
    "400": "Invalid input: `errors` maps each field or parameter to its messages.",
    "401": "Unknown, malformed, revoked or expired API key (or none where one is needed).",
    "403": "The API key lacks the scope this endpoint needs.",
    "404": "No such object (or one belonging to another partner), or a page past the end.",
    "409": "A request with this Idempotency-Key is still being processed.",
    "413": f"The request body is longer than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes.",
    "414": f"The query string is longer than {MAX_QUERY_STRING_LENGTH:,} characters.",
    "415": "The request body is not JSON.",
    "422": "The Idempotency-Key was already used with a different request body.",
    "429": "The API key's daily quota is used up; `Retry-After` says when it starts afresh (UTC midnight).",
}
WRITE_METHODS = {"POST", "PUT", "PATCH"}
# Response headers a view may name in ``response_headers = {method: {status: (name, …)}}``.
HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "schema": {"type": "string"},
        "description": "This representation's version; send it in If-None-Match to get 304 while it is current.",
    },
    "Cache-Control": {"schema": {"type": "string"}, "description": "How long shared caches may keep the answer."},
    "Retry-After": {"schema": {"type": "integer", "minimum": 0}, "description": "Seconds to wait before retrying."},
    "Idempotent-Replayed": {
        "schema": {"type": "string", "enum": ["true"]},
        "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key.",
    },
}
# Answers that always say when to retry.
RETRY_AFTER_STATUSES = ("429", "503")


class ApiAutoSchema(AutoSchema):
    def _scope(self) -> str | None:
        scopes: dict[str, str] = getattr(self.view, "scopes", {})
        return scopes.get(self.method) or scopes.get("*")

    def get_auth(self) -> list[dict[str, list]]:
        auth = super().get_auth()
        if self._scope() is None and {} not in auth:
            auth.append({})  # public read: a key is optional
        return auth

    def get_description(self) -> str:
        return ""  # never a docstring; extend_schema(description=…) overrides this

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        scope = self._scope()
        if operation is not None and scope:
            note = f"Needs a partner key with the `{scope}` scope."
            operation["description"] = f"{operation.get('description', '')}\n\n{note}".strip()
        return operation

    def get_override_parameters(self) -> list[OpenApiParameter]:
        params = list(super().get_override_parameters())
        params.append(
            OpenApiParameter(
                "lang",
                str,
                OpenApiParameter.QUERY,
                enum=list(LANGUAGE_CODES),
                description="Language of translated texts; overrides Accept-Language. Missing texts fall back "
                "to the other language.",
            )
        )
        return params

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "414", "429"]
        if self.method in WRITE_METHODS:
            codes += ["413", "415"]
        if self.method == "POST":
            codes += ["409", "422"]
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                responses[code]["description"] = ERROR_DESCRIPTIONS[code]
        named: dict[str, tuple[str, ...]] = getattr(self.view, "response_headers", {}).get(self.method, {})
        for code, response in responses.items():
            headers = [*named.get(code, ()), *(["Retry-After"] if code in RETRY_AFTER_STATUSES else [])]
            if headers:
                response["headers"] = {name: HEADERS[name] for name in headers}
        return responses


def _is_blank(schema: Any) -> bool:
    return schema == {"type": "string", "maxLength": 0} or (
        isinstance(schema, dict) and str(schema.get("$ref", "")).endswith("/BlankEnum")
    )


def blank_alternatives_as_any_of(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """A drf-spectacular post-processing hook: "a URL (or a choice) or blank" is ``anyOf``.

    drf-spectacular writes it as ``oneOf``, which asks a validator or a generated
    client to prove that exactly one alternative matches; ``anyOf`` says what is meant.
    """
    stack: list[Any] = [result]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "oneOf" in item and any(_is_blank(alternative) for alternative in item["oneOf"]):
                item["anyOf"] = item.pop("oneOf")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return result
