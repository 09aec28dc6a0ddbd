"""Where a webhook may be delivered: the rule against server-side request forgery.

A partner names the URL, so without a rule it could make the worker POST to
the machine itself, the cloud's metadata service or anything on the private
network. The rule, applied when a subscription is saved (the API and the
admin) and again before every delivery:

- the URL is ``https://`` with a host;
- every address the host resolves to is public: not loopback, private,
  link-local, multicast, unspecified or reserved (IPv4 and IPv6), judged on the
  IPv4 address inside an IPv4-mapped (``::ffff:a.b.c.d``), NAT64
  (``64:ff9b::/96``, ``64:ff9b:1::/48``) or 6to4 (``2002::/16``) address; Teredo
  tunnels are refused;
- except hosts named in ``WEBHOOK_ALLOWED_PRIVATE_HOSTS`` (an on-premise
  partner): the operator vouches for those names, whatever they resolve to.

A delivery connects to the addresses checked here (``webhook_http``), never
looking the name up a second time, so DNS cannot answer differently between
the check and the connection (rebinding). When a subscription is saved, a name
that does not resolve (yet) is accepted; its delivery is checked anyway.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

NAT64_NETWORKS = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class RefusedDestinationError(ValueError):
    """The URL may not receive webhooks; ``str()`` says why, for the partner or the attempt log."""


@dataclass(frozen=True)
class Destination:
    host: str
    port: int
    path: str  # with its query string
    addresses: tuple[IPAddress, ...]  # the checked addresses to connect to, in the resolver's order


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, NAT64 or 6to4 address carries, if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if any(address in network for network in NAT64_NETWORKS):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.sixtofour


def is_public(address: IPAddress) -> bool:
    """Whether a webhook may be delivered to ``address``."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.teredo is not None:
            return False
        inner = embedded_ipv4(address)
        if inner is not None:
            return is_public(inner)
        if address.is_site_local:
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    """The addresses of ``host`` (an IP literal is itself), in the resolver's order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]) for info in infos]
    return list(dict.fromkeys(addresses))


def allowed_private_host(host: str) -> bool:
    return host.lower().rstrip(".") in {h.lower().rstrip(".") for h in settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS}


def check_url(url: str) -> tuple[str, int, str]:
    """(host, port, path) of an https:// URL, or RefusedDestinationError."""
    try:
        parts = urlsplit(url)
        port = parts.port or 443
    except ValueError as exc:
        raise RefusedDestinationError(_("This is not a valid URL.")) from exc
    if parts.scheme.lower() != "https":
        raise RefusedDestinationError(_("Webhook URLs must use https://."))
    if not parts.hostname:
        raise RefusedDestinationError(_("The URL names no host."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return parts.hostname, port, path


def check_addresses(host: str, addresses: list[IPAddress]) -> None:
    """RefusedDestinationError when any address of ``host`` is not public (unless the host is allowed)."""
    if allowed_private_host(host):
        return
    refused = [a for a in addresses if not is_public(a)]
    if refused:
        raise RefusedDestinationError(
            _(
                "%(host)s resolves to %(address)s, which is not a public address: webhooks go to public "
                "addresses only (an on-premise host must be named in WEBHOOK_ALLOWED_PRIVATE_HOSTS)."
            )
            % {"host": host, "address": refused[0]}
        )


def check_subscription_url(url: str) -> None:
    """The rule when a subscription is saved. A name that does not resolve yet passes."""
    host, port, _path = check_url(url)
    try:
        addresses = resolve(host, port)
    except (socket.gaierror, UnicodeError):
        return
    check_addresses(host, addresses)


def destination(url: str) -> Destination:
    """The rule before a delivery: the checked addresses to connect to. A name that does not
    resolve raises ``socket.gaierror`` (a network error, retried); a refused one, RefusedDestinationError."""
    host, port, path = check_url(url)
    try:
        addresses = resolve(host, port)
    except UnicodeError as exc:
        raise RefusedDestinationError(_("The host name is not valid.")) from exc
    check_addresses(host, addresses)
    return Destination(host=host, port=port, path=path, addresses=tuple(addresses))
