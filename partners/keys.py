"""The shape of a partner key: ``<prefix>.<secret>``, stored as the prefix and
a SHA-256 of the secret. The secret has 256 bits of entropy, so a plain hash
(no slow KDF) cannot be brute-forced, and lookups by prefix stay one query."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX_BYTES = 6  # 12 hex characters: fits ApiKey.prefix, readable in the admin
SECRET_BYTES = 32


def new_key() -> tuple[str, str, str]:
    """A fresh (prefix, secret, plaintext key)."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    return prefix, secret, f"{prefix}.{secret}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_key(raw: str) -> tuple[str, str] | None:
    """(prefix, secret) of a presented key, or None when it is not shaped like one."""
    prefix, sep, secret = raw.strip().partition(".")
    if not sep or not prefix or not secret or len(prefix) > 16 or len(secret) > 200:
        return None
    return prefix, secret


def secret_matches(secret: str, hashed: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), hashed)
