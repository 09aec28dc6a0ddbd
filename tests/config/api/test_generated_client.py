"""A client generated with openapi-python-client from the served schema works against
the API (live_server): editions, the agenda and its iCalendar and XML exports, a
registration retried with one Idempotency-Key, webhooks. The generator is installed
from requirements.txt; nothing is installed at run time."""

from __future__ import annotations

import importlib
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from notifications.services import publish_and_notify
from partners.services import issue_api_key
from tests.factories import EditionFactory, ForumFactory, OrganisationFactory, RegistrationTypeFactory
from tests.fixtures.api import ALL_SCOPES, build_agenda

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "agora_generated_client"


@pytest.fixture
def generated(live_server, tmp_path, monkeypatch) -> Iterator[ModuleType]:
    """The client package generated from /api/schema/ as served (no Accept-Language), imported."""
    with urllib.request.urlopen(f"{live_server.url}/api/schema/?format=json", timeout=30) as response:  # noqa: S310
        (tmp_path / "schema.json").write_bytes(response.read())
    (tmp_path / "config.yaml").write_text("post_hooks: []\n")  # no formatter run on the generated code
    result = subprocess.run(  # noqa: S603 - the generator from requirements.txt, our arguments
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(tmp_path / "schema.json"),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(tmp_path / "config.yaml"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Every operation and response made it into the client: the generator warned about nothing.
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def api(generated: ModuleType, name: str) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.{name}")


def test_generated_client_reads_registers_and_subscribes(generated, live_server) -> None:
    forum = ForumFactory(website="", initiator=None)
    edition = EditionFactory(slug="wuhu-2030", forum=forum)
    EditionFactory(slug="hefei-2031", forum=forum, venue=None)
    build_agenda(edition, 4)
    RegistrationTypeFactory(edition=edition, slug="delegate")
    publish_and_notify(edition=edition)
    _key, plaintext = issue_api_key(organisation=OrganisationFactory(), name="generated", scopes=ALL_SCOPES)
    client = generated.AuthenticatedClient(base_url=live_server.url, token=plaintext, raise_on_unexpected_status=True)
    models = importlib.import_module(f"{PACKAGE}.models")

    editions = api(generated, "forums.editions_list").sync(client=client)
    venues = {e.slug: e.venue for e in editions.results}
    assert venues["hefei-2031"] is None  # a nullable reference reads as None
    assert venues["wuhu-2030"].slug == edition.venue.slug
    forums = api(generated, "forums.forums_list").sync(client=client)
    assert [(f.website, f.initiator) for f in forums.results] == [("", None)]

    agenda = api(generated, "agenda.editions_agenda_retrieve").sync(slug=edition.slug, client=client)
    assert agenda.version == 1
    assert len(agenda.sessions) == 4
    assert None in [s.sub_forum for s in agenda.sessions]  # nullable reference

    calendar = api(generated, "agenda.editions_agenda_export_ics_retrieve").sync(slug=edition.slug, client=client)
    assert calendar.startswith("BEGIN:VCALENDAR")
    schedule = api(generated, "agenda.editions_agenda_export_frab_xml_retrieve").sync(slug=edition.slug, client=client)
    assert schedule.startswith("<?xml")
    frab = api(generated, "agenda.editions_agenda_export_frab_json_retrieve").sync(slug=edition.slug, client=client)
    assert "schedule" in frab.to_dict()

    create = api(generated, "registrations.registrations_create")
    body = models.RegistrationCreateRequest(
        edition=edition.slug, registration_type="delegate", name="Li Hua", email="li.hua@example.org"
    )
    first = create.sync_detailed(client=client, body=body, idempotency_key="order-1")
    again = create.sync_detailed(client=client, body=body, idempotency_key="order-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.parsed.code == first.parsed.code
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers

    subscription = models.WebhookSubscriptionRequest(
        url="https://hooks.partner.example/agora",
        events=[models.EventsEnum.REGISTRATION_CREATED, models.EventsEnum.AGENDA_PUBLISHED],
    )
    created = api(generated, "webhooks.webhooks_create").sync(client=client, body=subscription)
    assert len(created.secret) >= 32
    listed = api(generated, "webhooks.webhooks_list").sync(client=client)
    assert [(w.id, w.url) for w in listed.results] == [(created.id, "https://hooks.partner.example/agora")]
