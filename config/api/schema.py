"""OpenAPI description of what every view shares: anonymous access to public
reads, the ``lang`` parameter and the error bodies. (The key schemes are
described next to the key authentication, in ``partners.authentication``.)"""

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
        description = super().get_description() or ""
        scope = self._scope()
        if scope:
            description += f"\n\nNeeds a partner key with the `{scope}` scope."
        return description.strip()

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
        return responses
