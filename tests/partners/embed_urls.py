"""A partner's page for the browser test: plain HTML with the admin's <script> snippet."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from forums.models import Edition
from partners.admin import iframe_snippet, script_snippet


def partner_page(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    edition = Edition.objects.get(slug=slug)
    snippet = script_snippet(edition, request.GET.get("lang", "en"))
    if kind == "iframe":
        snippet = iframe_snippet(edition, request.GET.get("lang", "en"))
    # The snippets name SITE_URL; the test points it at the live server.
    html = (
        "<!doctype html><html><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Partner site</title></head>"
        f"<body><h1>A partner's news site</h1>{snippet}</body></html>"
    )
    return HttpResponse(html)


urlpatterns = [
    path("partner/<slug:slug>/<str:kind>/", partner_page),
    path("", include("config.urls")),
]
