"""``Idempotency-Key``: a partner's POST runs once however often it is retried.

The first request inserts an ``IdempotencyRecord`` (unique per API key and key)
in the same transaction as the work it guards, then stores the response on it.
A retry — even a concurrent one, which waits on the unique index until the
first commits — finds the record and gets the stored response back. If the
work fails with an unexpected error the transaction, record included, rolls
back and the key may be used again; so may a key whose answer said "retry"
(``RETRY_STATUSES``): that answer is not stored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.request import Request
from rest_framework.response import Response

from partners.models import IdempotencyRecord

HEADER = "HTTP_IDEMPOTENCY_KEY"
# Answers that ask the client to retry: replaying them would make every retry fail.
RETRY_STATUSES = {status.HTTP_429_TOO_MANY_REQUESTS, status.HTTP_503_SERVICE_UNAVAILABLE}
MAX_KEY_LENGTH = 255
# Visible ASCII (UUIDs, ULIDs, hashes): the one definition, checked here and documented below.
KEY_REGEX = f"[!-~]{{1,{MAX_KEY_LENGTH}}}"
KEY_PATTERN = re.compile(KEY_REGEX)
SCHEMA_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "pattern": f"^{KEY_REGEX}$", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
    OpenApiParameter.HEADER,
    required=False,
    description=f"Any unique string of 1 to {MAX_KEY_LENGTH} visible ASCII characters (a UUID will do). Retrying "
    "with the same key and body returns the first response (with `Idempotent-Replayed: true`) instead of "
    "registering again.",
)


class IdempotencyConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "A request with this Idempotency-Key is still being processed; retry shortly."
    default_code = "idempotency_in_progress"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with a different request."
    default_code = "idempotency_key_reused"


def request_fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{request.method}\n{request.path}\n{body}".encode()).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    response = Response(record.response_body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def run_once(request: Request, handler: Callable[[], Response]) -> Response:
    """Run ``handler`` unless this API key already sent this Idempotency-Key (another key's
    answers, even the same partner's, are never replayed: keys may be limited to other editions)."""
    key = request.META.get(HEADER)
    if key is None:
        return handler()
    if not KEY_PATTERN.fullmatch(key):
        raise exceptions.ValidationError(
            {"Idempotency-Key": [_("Must be 1 to %(max)d visible ASCII characters.") % {"max": MAX_KEY_LENGTH}]}
        )
    api_key = request.auth
    fingerprint = request_fingerprint(request)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    api_key=api_key,
                    key=key,
                    method=request.method,
                    path=request.path[:300],
                    request_hash=fingerprint,
                )
        except IntegrityError:
            record = IdempotencyRecord.objects.filter(api_key=api_key, key=key).first()
            if record is None or record.status_code is None:
                raise IdempotencyConflict from None
            if record.request_hash != fingerprint:
                raise IdempotencyKeyReused from None
            return _replay(record)
        response = handler()
        if response.status_code in RETRY_STATUSES:
            record.delete()
            return response
        record.status_code = response.status_code
        record.response_body = response.data
        record.save(update_fields=["status_code", "response_body"])
    return response
