"""registration.created / registration.updated reach only the partner that made the
registration, for the editions its subscription covers, with the body the partner
API shows, written in the transaction of the change."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from attendees import services
from attendees.models import Registration
from notifications.models import WebhookDelivery, WebhookSubscription
from tests.factories import EditionFactory, OrganisationFactory, RegistrationTypeFactory, SubForumFactory
from tests.fixtures.api import ALL_SCOPES
from tests.fixtures.api_scoped import edition  # noqa: F401 - a fixture, scoped to the API test directories

pytestmark = pytest.mark.django_db

REGISTRATIONS = "/api/v1/registrations/"
EVENTS = ["registration.created", "registration.updated"]


def subscribe(organisation, *, editions=(), events=EVENTS, url="https://hooks.partner.example/agora"):
    subscription = WebhookSubscription.objects.create(organisation=organisation, url=url, events=events, secret="s")
    subscription.editions.set(editions)
    return subscription


def deliveries(subscription) -> list[tuple[str, dict]]:
    rows = WebhookDelivery.objects.filter(subscription=subscription).order_by("pk")
    return [(d.event, json.loads(d.body)["data"]) for d in rows]


@pytest.fixture
def delegate(edition):  # noqa: F811
    return RegistrationTypeFactory(edition=edition, slug="delegate", capacity=1, waitlist_enabled=True)


def register_through_the_api(client: Client, edition, n: int = 0, **extra) -> dict:  # noqa: F811
    body = {"edition": edition.slug, "registration_type": "delegate", "name": f"Li {n}", "email": f"li{n}@example.org"}
    response = client.post(REGISTRATIONS, {**body, **extra}, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()


def test_created_goes_to_the_registering_partner_only_with_the_apis_body(
    key_client,
    make_key,
    partner,
    edition,  # noqa: F811
    delegate,
) -> None:
    sub_forum = SubForumFactory(edition=edition, capacity=5)
    mine = subscribe(partner)
    mine_elsewhere = subscribe(partner, editions=[EditionFactory()])
    mine_agenda_only = subscribe(partner, events=["agenda.published"])
    other_partner = OrganisationFactory()
    theirs = subscribe(other_partner)
    client = key_client(ALL_SCOPES)

    created = register_through_the_api(client, edition, sub_forums=[sub_forum.pk])

    [(event, data)] = deliveries(mine)
    assert event == "registration.created"
    assert data == client.get(f"{REGISTRATIONS}{created['code']}/").json()
    assert data["sub_forums"][0]["sub_forum"] == sub_forum.pk
    assert deliveries(mine_elsewhere) == deliveries(mine_agenda_only) == deliveries(theirs) == []
    # The other partner's own registration is announced to it alone.
    _key, theirs_plain = make_key(organisation=other_partner)
    register_through_the_api(Client(HTTP_AUTHORIZATION=f"Bearer {theirs_plain}"), edition, 1)
    assert [e for e, _d in deliveries(theirs)] == ["registration.created"]
    assert len(deliveries(mine)) == 1


def test_registrations_made_without_a_partner_are_not_announced(partner, edition, delegate) -> None:  # noqa: F811
    mine = subscribe(partner)
    services.register_attendee(edition=edition, registration_type=delegate, name="Wang", email="w@example.org")
    assert deliveries(mine) == []
    assert not WebhookDelivery.objects.exists()


def test_a_rolled_back_registration_announces_nothing(partner, edition, delegate) -> None:  # noqa: F811
    subscribe(partner)

    @transaction.atomic
    def register_then_fail() -> None:
        services.register_attendee(
            edition=edition, registration_type=delegate, name="Wang", email="w@example.org", partner=partner
        )
        assert WebhookDelivery.objects.count() == 1  # written in the transaction
        raise RuntimeError("the caller's transaction fails after the registration")

    with pytest.raises(RuntimeError):
        register_then_fail()
    assert not Registration.objects.exists()
    assert not WebhookDelivery.objects.exists()


def statuses(subscription, code: str) -> list[tuple[str, str]]:
    return [(event, data["status"]) for event, data in deliveries(subscription) if data["code"] == code]


def test_every_status_change_is_an_updated_event(partner, edition, delegate) -> None:  # noqa: F811
    mine = subscribe(partner)
    delegate.requires_approval = True
    delegate.save()

    def register(n: int) -> Registration:
        return services.register_attendee(
            edition=edition, registration_type=delegate, name=f"P{n}", email=f"p{n}@example.org", partner=partner
        )

    first, second = register(1), register(2)  # pending, waitlisted (one place)
    services.confirm_registration(registration=first)  # awaiting approval
    services.approve_registration(registration=first)  # confirmed
    services.check_in(registration=Registration.objects.get(pk=first.pk))  # checked in
    services.confirm_registration(registration=second)  # waitlisted: address proven, no status change
    third = register(3)  # waitlisted
    services.reject_registration(registration=third)  # rejected
    fourth = register(4)
    Registration.objects.filter(pk=first.pk).update(status="confirmed", checked_in_at=None)  # free to cancel again
    services.cancel_registration(registration=first)  # cancelled; second is promoted: awaiting approval
    services.cancel_registration(registration=second)  # cancelled; fourth promoted: pending (unconfirmed)
    services.expire_pending_registrations(now=timezone.now() + dt.timedelta(days=365))  # fourth expires

    assert statuses(mine, first.code) == [
        ("registration.created", "pending"),
        ("registration.updated", "awaiting_approval"),
        ("registration.updated", "confirmed"),
        ("registration.updated", "checked_in"),
        ("registration.updated", "cancelled"),
    ]
    assert statuses(mine, second.code) == [
        ("registration.created", "waitlisted"),
        ("registration.updated", "awaiting_approval"),
        ("registration.updated", "cancelled"),
    ]
    assert statuses(mine, third.code) == [("registration.created", "waitlisted"), ("registration.updated", "rejected")]
    assert statuses(mine, fourth.code) == [
        ("registration.created", "waitlisted"),
        ("registration.updated", "pending"),
        ("registration.updated", "expired"),
    ]


def test_a_sub_forum_place_from_the_waiting_list_is_an_updated_event(partner, edition, delegate) -> None:  # noqa: F811
    delegate.capacity = 10
    delegate.save()
    sub_forum = SubForumFactory(edition=edition, capacity=1)
    mine = subscribe(partner)
    holder = services.register_attendee(
        edition=edition, registration_type=delegate, name="A", email="a@example.org", sub_forums=[sub_forum]
    )
    waiting = services.register_attendee(
        edition=edition,
        registration_type=delegate,
        name="B",
        email="b@example.org",
        sub_forums=[sub_forum],
        partner=partner,
    )
    services.cancel_registration(registration=holder)  # not the partner's: not announced
    (_created, before), (updated, after) = deliveries(mine)
    assert before["sub_forums"][0]["status"] == "waitlisted"
    assert (updated, after["code"], after["sub_forums"][0]["status"]) == (
        "registration.updated",
        waiting.code,
        "confirmed",
    )
