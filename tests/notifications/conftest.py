"""Webhook receivers over HTTPS on this machine, and a resolver the tests answer for."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from notifications import webhook_addresses
from tests.notifications.https_receiver import https_receiver, self_signed_certificate

INTRANET_HOST = "hooks.intranet.example"


@pytest.fixture
def dns(monkeypatch) -> SimpleNamespace:
    """``dns.answers[name]`` answers instead of the system's resolver; ``dns.asked`` lists each lookup."""
    state = SimpleNamespace(answers={}, asked=[])

    def resolve(host: str, port: int) -> list:
        state.asked.append(host)
        answer = state.answers.get(host)
        if answer is None:
            try:
                return [ipaddress.ip_address(host)]
            except ValueError:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        if callable(answer):
            answer = answer()
        return [ipaddress.ip_address(a) for a in answer]

    monkeypatch.setattr(webhook_addresses, "resolve", resolve)
    return state


@pytest.fixture
def receiver(tmp_path, monkeypatch) -> Iterator[SimpleNamespace]:
    """An HTTPS receiver on 127.0.0.1 whose certificate (for localhost, 127.0.0.1 and
    INTRANET_HOST) this process trusts."""
    cert, key = self_signed_certificate(tmp_path, INTRANET_HOST)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    with https_receiver(cert, key) as server:
        yield server
