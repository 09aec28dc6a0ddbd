"""The views of ``/api/schema/`` and ``/api/redoc/`` (apart from ``config.api.schema``,
which DRF imports while drf-spectacular's views are still loading)."""

from __future__ import annotations

from typing import Any

from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView


class EnglishSchemaView(SpectacularAPIView):
    """``/api/schema/``: generated with translation deactivated, so the schema is in
    English (the source language) and its component and enum names (drf-spectacular
    hashes the choices' labels) are the same whatever Accept-Language or ``?lang=`` say."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(None):
            request.GET = request.GET.copy()
            request.GET.pop("lang", None)
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        response["Content-Language"] = "en"
        return response


@method_decorator(csp_update({"worker-src": ["'self'", "blob:"]}), name="dispatch")
class RedocView(SpectacularRedocView):
    """``/api/redoc/``: Redoc runs its search in a worker it builds from a blob, so this
    page alone lets the Content-Security-Policy allow blob workers."""
