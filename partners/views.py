"""The page a partner puts in an <iframe>: the embeddable agenda alone."""

from __future__ import annotations

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from config.languages import normalise_language
from forums.selectors import public_editions


@require_GET
@xframe_options_exempt  # made to be framed by partner sites, any of them
@csp_replace({"frame-ancestors": ["*"]})
@cache_control(public=True, max_age=300)
def embed_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    lang = normalise_language(request.GET.get("lang")) or settings.LANGUAGE_CODE
    with translation.override(lang):
        edition = get_object_or_404(public_editions(), slug=slug)
        context = {
            "slug": edition.slug,
            "title": edition.title,
            "lang": lang,
            "api_origin": f"{request.scheme}://{request.get_host()}",
        }
        return render(request, "partners/embed.html", context)
