"""State changes of partner keys and their stored idempotent answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Exists, Q
from django.utils import timezone

from forums.models import Edition, Forum, Organisation
from partners.enums import Scope
from partners.keys import hash_secret, new_key
from partners.models import ApiKey, IdempotencyRecord


class InvalidScopeError(ValueError):
    pass


def _check_scopes(scopes: Iterable[str]) -> list[str]:
    scopes = list(dict.fromkeys(scopes))
    unknown = [s for s in scopes if s not in Scope.values]
    if unknown:
        raise InvalidScopeError(f"unknown scopes: {', '.join(unknown)}")
    return scopes


@transaction.atomic
def issue_api_key(
    *,
    organisation: Organisation,
    name: str,
    scopes: Iterable[str],
    forums: Iterable[Forum] = (),
    editions: Iterable[Edition] = (),
    daily_quota: int = 10000,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiKey, str]:
    """Create a key for a partner and return it with its plaintext.

    The plaintext exists only in the return value: the database keeps the
    prefix and a hash, so the key is shown once and cannot be recovered.
    """
    prefix, secret, plaintext = new_key()
    key = ApiKey.objects.create(
        organisation=organisation,
        name=name,
        prefix=prefix,
        hashed_secret=hash_secret(secret),
        scopes=_check_scopes(scopes),
        daily_quota=daily_quota,
        expires_at=expires_at,
    )
    key.forums.set(forums)
    key.editions.set(editions)
    return key, plaintext


def revoke_api_key(*, api_key: ApiKey) -> ApiKey:
    """Revoke a key. Keys are read from the database on every request, so the
    next request made with it is refused."""
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=api_key.revoked_at)
    return api_key


def editions_for_key(api_key: ApiKey, prefix: str = "") -> Q:
    """The rule: a key limited to forums or editions (``ApiKey.forums``, ``ApiKey.editions``)
    may read and act only on those editions; a key with no limits, on every edition.

    A condition on editions (``prefix`` leads from the filtered model to its edition,
    e.g. ``"edition__"``), evaluated by the database in the query it filters: no extra
    round trip for a list.
    """
    limited_editions = ApiKey.editions.through.objects.filter(apikey_id=api_key.pk).values("edition_id")
    limited_forums = ApiKey.forums.through.objects.filter(apikey_id=api_key.pk).values("forum_id")
    unlimited = Q(~Exists(limited_editions), ~Exists(limited_forums))
    return unlimited | Q(**{f"{prefix}pk__in": limited_editions}) | Q(**{f"{prefix}forum_id__in": limited_forums})


def key_allows_edition(api_key: ApiKey, edition: Edition) -> bool:
    """Whether the key may act on ``edition`` (the rule of ``editions_for_key``)."""
    return Edition.objects.filter(editions_for_key(api_key), pk=edition.pk).exists()


def purge_idempotency_records(*, now: dt.datetime | None = None) -> int:
    """Forget stored responses older than ``IdempotencyRecord.RETENTION``; a retry after that runs anew."""
    cutoff = (now or timezone.now()) - IdempotencyRecord.RETENTION
    deleted, _detail = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
