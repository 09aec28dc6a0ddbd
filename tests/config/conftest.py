"""The partner API's shared fixtures (a bilingual agenda, partner keys), from tests/api."""

from tests.api.conftest import (  # noqa: F401 - fixtures, found by pytest by name
    _fresh_cache,
    edition,
    key_client,
    make_key,
    partner,
    publish,
)
