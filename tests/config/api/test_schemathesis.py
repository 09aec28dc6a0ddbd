"""Schemathesis, driven by the generated OpenAPI schema, against the API in-process
(WSGI): anonymously and with a partner key holding every scope. Any 5xx or any
response that breaks the schema (status, content type, body, headers) fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from tests.factories import EditionFactory, RegistrationTypeFactory
from tests.fixtures.api import build_agenda

pytestmark = [pytest.mark.django_db]

# Bounded so both runs stay well under 90 seconds together.
EXAMPLES = settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# Generating the schema runs no SQL, so it can be loaded at collection time.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@pytest.fixture
def demo_edition(db) -> Iterator[None]:
    edition = EditionFactory(slug="demo")
    build_agenda(edition, 3)
    RegistrationTypeFactory(edition=edition, slug="delegate")
    # The WSGI handler closes "old" connections around each request, which would close the
    # test's transaction; Django's test client disconnects these signals the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def excluded_checks(case) -> list:
    # A schema-valid registration or webhook may still break a rule the schema cannot
    # express (no such edition, already registered, full): a 400 with field errors is right.
    return [positive_data_acceptance] if case.method == "POST" else []


@schema.parametrize()
@EXAMPLES
def test_api_anonymous(case, demo_edition) -> None:
    case.call_and_validate(excluded_checks=excluded_checks(case))


# Public reads behave the same with a key (beyond auth, tested in tests/partners/), so the
# keyed run covers the endpoints a key changes, keeping the whole file under 90 seconds.
keyed_schema = schema.include(path_regex=r"^/api/v1/(registrations|webhooks|editions/\{slug\}/agenda/$)")


@keyed_schema.parametrize()
@EXAMPLES
def test_api_with_partner_key(case, demo_edition, make_key) -> None:
    _key, plaintext = make_key(daily_quota=1_000_000)
    case.call_and_validate(headers={"Authorization": f"Bearer {plaintext}"}, excluded_checks=excluded_checks(case))
