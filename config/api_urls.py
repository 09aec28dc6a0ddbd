"""/api/: the partner API (v1), its OpenAPI schema and docs, and the embeddable agenda page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from config.api.errors import api_not_found
from config.api.schema_view import EnglishSchemaView, RedocView
from partners.views import embed_agenda

app_name = "api"

v1 = [
    path("", include("forums.api.urls")),
    path("", include("sessions.api.urls")),
    path("", include("attendees.api.urls")),
    path("", include("partners.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", EnglishSchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file (?script): no inline script, as the CSP asks.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("embed/<slug:slug>/", embed_agenda, name="embed"),
    # Anything else under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^[\s\S]*$", api_not_found),
]
