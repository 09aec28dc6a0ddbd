"""WEBHOOK_ALLOWED_PRIVATE_HOSTS is checked at start: bare host names only."""

from __future__ import annotations

import pytest

from config.checks import check_webhook_allowed_private_hosts


@pytest.mark.parametrize("hosts", [[], ["hooks.intranet.example"], ["HOOKS.Intranet.example.", "10.0.0.8", "intranet"]])
def test_host_names_pass(settings, hosts) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = hosts
    assert check_webhook_allowed_private_hosts(None) == []


@pytest.mark.parametrize(
    "host", ["https://hooks.intranet.example", "hooks.intranet.example:8443", "*.intranet.example"]
)
def test_anything_else_is_an_error_naming_it(settings, host) -> None:
    settings.WEBHOOK_ALLOWED_PRIVATE_HOSTS = ["ok.example", host]
    errors = check_webhook_allowed_private_hosts(None)
    assert [e.id for e in errors] == ["agora.E012"]
    assert repr(host) in errors[0].msg
