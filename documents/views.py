"""The public verification page a letter's QR code opens."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.decorators import ratelimit

from documents.selectors import document_for_verification
from documents.verification import public_id_from


def _verify_rate(group: str, request: HttpRequest) -> str:
    return settings.DOCUMENTS_VERIFY_RATE


@ratelimit(group="documents-verify", key="ip", rate=_verify_rate, method=ratelimit.ALL, block=True)
@never_cache
@require_safe
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """What was issued, to whom (the name only), for which edition, and whether it still stands.

    A tampered or made-up token is 404, like a document that does not exist.
    """
    public_id = public_id_from(token)
    document = document_for_verification(public_id) if public_id else None
    if document is None:
        raise Http404
    language = get_language() or settings.LANGUAGE_CODE
    context = {
        "document": document,
        "recipient": document.recipient_names.get(language) or next(iter(document.recipient_names.values()), ""),
        "replaced_by": getattr(document, "replaced_by", None),
    }
    response = render(request, "documents/verify.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
