"""How the OpenAPI schema describes partner keys (drf-spectacular finds this
extension once ``PartnersConfig.ready`` has imported it)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.ApiKeyAuthentication"
    name = ["PartnerKeyBearer", "PartnerKeyHeader"]

    def get_security_requirement(self, auto_schema: AutoSchema) -> list[dict[str, list]]:
        return [{"PartnerKeyBearer": []}, {"PartnerKeyHeader": []}]

    def get_security_definition(self, auto_schema: AutoSchema) -> list[dict[str, Any]]:
        return [
            {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "<prefix>.<secret>",
                "description": "A partner key issued in the admin: `Authorization: Bearer <prefix>.<secret>`.",
            },
            {"type": "apiKey", "in": "header", "name": "X-API-Key", "description": "The same key in `X-API-Key`."},
        ]
