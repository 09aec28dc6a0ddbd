"""The address rule of webhooks (notifications.webhook_addresses), on literal
addresses and with a resolver the tests answer for: no connection is made."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from django.utils import translation

from notifications import webhook_addresses
from notifications.webhook_addresses import RefusedDestinationError, check_subscription_url, is_public


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here (the admin speaks Chinese by default)."""
    with translation.override("en"):
        yield


REFUSED = [
    "127.0.0.1",  # loopback
    "127.255.255.254",
    "10.0.0.1",  # private
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",  # link-local: cloud metadata
    "100.64.0.1",  # shared address space (carrier-grade NAT)
    "0.0.0.0",  # noqa: S104 - unspecified, as a literal to refuse
    "224.0.0.1",  # multicast
    "240.0.0.1",  # reserved
    "255.255.255.255",
    "192.0.2.1",  # documentation
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "fec0::1",  # site-local
    "2001:db8::1",  # documentation
    "::ffff:127.0.0.1",  # IPv4-mapped
    "::ffff:169.254.169.254",
    "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
    "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
    "2002:7f00:1::1",  # 6to4 of 127.0.0.1
    "2002:c0a8:101::1",  # 6to4 of 192.168.1.1
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
]
PUBLIC = ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]


@pytest.mark.parametrize("address", REFUSED)
def test_non_public_addresses_are_refused(address) -> None:
    assert is_public(ipaddress.ip_address(address)) is False


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address) -> None:
    assert is_public(ipaddress.ip_address(address)) is True


@pytest.fixture
def dns(monkeypatch) -> dict[str, list[str]]:
    """Names and their addresses, answered instead of the system's resolver."""
    answers: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list:
        if host not in answers:
            try:
                return [ipaddress.ip_address(host)]
            except ValueError:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return [ipaddress.ip_address(a) for a in answers[host]]

    monkeypatch.setattr(webhook_addresses, "resolve", resolve)
    return answers


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1:8443/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]:6379/",
        "https://[::ffff:10.0.0.1]/",
        "https://10.1.2.3/",
    ],
)
def test_literal_private_urls_are_refused(dns, url) -> None:
    with pytest.raises(RefusedDestinationError, match="not a public address"):
        check_subscription_url(url)


@pytest.mark.parametrize("answer", [["10.0.0.7"], ["93.184.215.14", "127.0.0.1"], ["fd00::7"]])
def test_names_resolving_to_any_private_address_are_refused(dns, answer) -> None:
    dns["hooks.partner.example"] = answer
    with pytest.raises(RefusedDestinationError, match=r"hooks\.partner\.example resolves to"):
        check_subscription_url("https://hooks.partner.example/agora")


def test_names_resolving_to_public_addresses_pass_and_are_the_destination(dns) -> None:
    dns["hooks.partner.example"] = ["93.184.215.14", "2606:4700:4700::1111"]
    check_subscription_url("https://hooks.partner.example/agora")
    destination = webhook_addresses.destination("https://hooks.partner.example:8443/agora?x=1")
    assert (destination.host, destination.port, destination.path) == ("hooks.partner.example", 8443, "/agora?x=1")
    assert [str(a) for a in destination.addresses] == ["93.184.215.14", "2606:4700:4700::1111"]


def test_a_name_that_does_not_resolve_yet_may_be_saved_but_not_delivered_to(dns) -> None:
    check_subscription_url("https://not-yet.partner.example/agora")
    with pytest.raises(socket.gaierror):
        webhook_addresses.destination("https://not-yet.partner.example/agora")


@pytest.mark.parametrize("url", ["http://hooks.partner.example/agora", "ftp://hooks.partner.example/", "https:///x"])
def test_only_https_urls_with_a_host(dns, url) -> None:
    dns["hooks.partner.example"] = ["93.184.215.14"]
    with pytest.raises(RefusedDestinationError):
        check_subscription_url(url)


@pytest.mark.parametrize("host", ["hooks.intranet.example", "HOOKS.intranet.example", "hooks.intranet.example."])
def test_allowed_private_hosts_may_resolve_anywhere(dns, settings, host) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = ["hooks.intranet.example"]
    dns[host.lower()] = ["10.20.30.40"]  # URLs carry host names in lower case
    check_subscription_url(f"https://{host}/agora")
    assert [str(a) for a in webhook_addresses.destination(f"https://{host}/agora").addresses] == ["10.20.30.40"]
    dns["other.intranet.example"] = ["10.20.30.40"]
    with pytest.raises(RefusedDestinationError):
        check_subscription_url("https://other.intranet.example/agora")
