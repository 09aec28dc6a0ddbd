"""Floods of anonymous registrations are refused: rate limits per client address, caps on
unconfirmed registrations per address and per e-mail domain, an optional challenge, and
an admin filter to cancel what got through in bulk."""

from __future__ import annotations

import pytest
from captcha.models import CaptchaStore
from django.core.cache import cache
from django.urls import reverse

from attendees import services, tokens
from attendees.enums import RegistrationStatus
from attendees.models import Registration
from tests.attendees.form_data import registration_form
from tests.factories import EditionFactory, RegistrationTypeFactory, SubForumFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield settings
    cache.clear()


@pytest.fixture
def edition():
    return EditionFactory()


@pytest.fixture
def reg_type(edition):
    return RegistrationTypeFactory(edition=edition, capacity=None)


def _post(
    client, edition, reg_type, n: int, *, ip: str = "203.0.113.7", domain: str = "example.org", forwarded=None, **extra
):
    """The registration form posted from ``ip`` (``extra``: more form fields; ``forwarded``: X-Forwarded-For)."""
    data = registration_form(reg_type, email=f"person{n}@{domain}", name=f"Person {n}")
    headers = {"REMOTE_ADDR": ip, "HTTP_ACCEPT_LANGUAGE": "en"} | (
        {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    )
    return client.post(reverse("attendees:register", args=[edition.slug]), {**data, **extra}, **headers)


def test_form_posts_beyond_the_rate_are_refused_with_429_per_address(client, limits, edition, reg_type) -> None:
    limits.ATTENDEES_REGISTER_RATE = "3/m"
    assert [_post(client, edition, reg_type, n).status_code for n in range(3)] == [302, 302, 302]
    refused = _post(client, edition, reg_type, 3)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "Too many requests from your network. Please wait a minute and try again." in refused.content.decode()
    assert _post(client, edition, reg_type, 4, ip="198.51.100.9").status_code == 302  # another address
    assert client.get(reverse("attendees:register", args=[edition.slug]), REMOTE_ADDR="203.0.113.7").status_code == 200
    assert Registration.objects.count() == 4


def test_a_forged_forwarded_for_does_not_escape_the_limit(client, limits, edition, reg_type) -> None:
    limits.ATTENDEES_REGISTER_RATE = "2/m"
    statuses = [_post(client, edition, reg_type, n, forwarded=f"10.0.0.{n}").status_code for n in range(3)]
    assert statuses == [302, 302, 429]  # BEHIND_PROXY is off: the header proves nothing


def test_behind_the_proxy_the_address_it_saw_counts(client, limits, edition, reg_type) -> None:
    limits.ATTENDEES_REGISTER_RATE = "1/m"
    limits.BEHIND_PROXY = True
    first = _post(client, edition, reg_type, 0, forwarded="1.2.3.4, 203.0.113.50")
    second = _post(client, edition, reg_type, 1, forwarded="9.9.9.9, 203.0.113.51")
    assert (first.status_code, second.status_code) == (302, 302)
    assert sorted(Registration.objects.values_list("client_ip", flat=True)) == ["203.0.113.50", "203.0.113.51"]


def test_links_are_rate_limited_too(client, limits, edition, reg_type) -> None:
    limits.ATTENDEES_LINK_RATE = "2/m"
    registration = services.register_attendee(
        edition=edition, registration_type=reg_type, name="A", email="a@example.org"
    )
    url = reverse("attendees:manage", args=[tokens.make_token(registration.code, tokens.MANAGE)])
    assert [client.get(url, REMOTE_ADDR="203.0.113.7").status_code for _ in range(3)] == [200, 200, 429]


def test_unconfirmed_registrations_per_address_are_capped_until_confirmed(client, settings, edition, reg_type) -> None:
    settings.ATTENDEES_UNCONFIRMED_PER_ADDRESS = 2
    assert [_post(client, edition, reg_type, n).status_code for n in range(2)] == [302, 302]
    refused = _post(client, edition, reg_type, 2)
    assert refused.status_code == 400
    assert "Please confirm those first, using the link in each e-mail" in refused.content.decode()
    services.confirm_registration(registration=Registration.objects.first())
    assert _post(client, edition, reg_type, 3).status_code == 302  # a confirmed one no longer counts
    assert Registration.objects.filter(client_ip="203.0.113.7").count() == 3


def test_unconfirmed_registrations_per_mail_domain_are_capped_but_not_for_public_providers(
    client, settings, edition, reg_type
) -> None:
    settings.ATTENDEES_UNCONFIRMED_PER_ADDRESS = 0
    settings.ATTENDEES_UNCONFIRMED_PER_DOMAIN = 2
    statuses = [
        _post(client, edition, reg_type, n, ip=f"203.0.113.{n}", domain="bots.example").status_code for n in range(3)
    ]
    assert statuses == [302, 302, 400]
    public = [
        _post(client, edition, reg_type, 10 + n, ip=f"198.51.100.{n}", domain="qq.com").status_code for n in range(3)
    ]
    assert public == [302, 302, 302]


def test_the_api_and_the_admin_are_not_capped_by_address(settings, edition, reg_type) -> None:
    settings.ATTENDEES_UNCONFIRMED_PER_ADDRESS = 1
    for n in range(3):  # no client address: a partner's server or an organiser
        services.register_attendee(edition=edition, registration_type=reg_type, name=f"P{n}", email=f"p{n}@example.org")
    assert Registration.objects.count() == 3


def test_a_flood_cannot_take_every_place(client, limits, edition, reg_type) -> None:
    """The probe's case: 60 posts from one client for a 50-place sub-forum, with the default limits."""
    sub_forum = SubForumFactory(edition=edition, capacity=50)
    statuses = [_post(client, edition, reg_type, n, sub_forums=[sub_forum.pk]).status_code for n in range(60)]
    sub_forum.refresh_from_db()
    assert statuses.count(302) <= 20
    assert sub_forum.seats_left >= 30  # real people still find places


def test_the_challenge_is_asked_when_the_edition_wants_it(client, edition, reg_type) -> None:
    url = reverse("attendees:register", args=[edition.slug])
    assert "captcha" not in client.get(url).content.decode()
    edition.registration_challenge = True
    edition.save()
    page = client.get(url).content.decode()
    assert '<img src="/captcha/image/' in page  # drawn by this site, no outside service
    missing = _post(client, edition, reg_type, 0)
    assert missing.status_code == 400
    wrong = _post(client, edition, reg_type, 1, challenge_0=CaptchaStore.generate_key(), challenge_1="WRONG")
    assert wrong.status_code == 400
    key = CaptchaStore.generate_key()  # a fresh challenge: what the page's image shows
    answer = CaptchaStore.objects.get(hashkey=key).response
    passed = _post(client, edition, reg_type, 2, challenge_0=key, challenge_1=answer)
    assert passed.status_code == 302
    assert list(Registration.objects.values_list("email", flat=True)) == ["person2@example.org"]


def test_organisers_list_and_cancel_a_flood_in_bulk(admin_client, settings, edition, reg_type) -> None:
    settings.ATTENDEES_SUSPICIOUS_SAME_ADDRESS = 5
    flood = [
        services.register_attendee(
            edition=edition, registration_type=reg_type, name=f"B{n}", email=f"b{n}@x.example", client_ip="192.0.2.66"
        )
        for n in range(6)
    ]
    person = services.register_attendee(
        edition=edition, registration_type=reg_type, name="Real", email="real@example.org", client_ip="192.0.2.1"
    )
    listed = admin_client.get("/admin/attendees/registration/", {"suspicious": "address"})
    assert set(listed.context["cl"].result_list) == set(flood)
    response = admin_client.post(
        "/admin/attendees/registration/?suspicious=address",
        {"action": "cancel_registrations", "_selected_action": [r.pk for r in flood]},
    )
    assert response.status_code == 302
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert {statuses[r.pk] for r in flood} == {RegistrationStatus.CANCELLED}
    assert statuses[person.pk] == RegistrationStatus.PENDING
