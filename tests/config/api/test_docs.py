"""Swagger UI and Redoc load nothing from another host (Google Fonts, a CDN, the
Swagger validator): their scripts and styles come from /static/ (drf-spectacular-sidecar)."""

from __future__ import annotations

import re
import urllib.request
from urllib.parse import urlsplit

import pytest

URL = re.compile(r"""https?://[^\s"'<>)]+""")
ASSET = re.compile(r"""(?:src|href)="([^"]+)\"""")


@pytest.mark.parametrize("page", ["/api/redoc/", "/api/docs/"])
def test_docs_pages_name_no_other_host_and_serve_their_assets_from_static(live_server, page) -> None:
    with urllib.request.urlopen(f"{live_server.url}{page}", timeout=10) as response:  # noqa: S310 - the live server
        assert response.status == 200
        html = response.read().decode()
    own_host = urlsplit(live_server.url).netloc
    assert [url for url in URL.findall(html) if urlsplit(url).netloc != own_host] == []
    assert "fonts.googleapis" not in html
    assets = ASSET.findall(html)
    assert assets
    # Their own scripts and styles, and Swagger UI's start-up script (its page's ?script).
    assert all(asset.startswith(("/static/", f"{page}?")) for asset in assets), assets
    assert any(asset.startswith("/static/drf_spectacular_sidecar/") for asset in assets), assets
    if page == "/api/docs/":  # Swagger UI would otherwise fetch a badge from validator.swagger.io
        with urllib.request.urlopen(f"{live_server.url}{page}?script", timeout=10) as response:  # noqa: S310
            assert '"validatorUrl": null' in response.read().decode()
    for asset in assets:
        with urllib.request.urlopen(f"{live_server.url}{asset}", timeout=10) as response:  # noqa: S310
            assert response.status == 200
            assert response.read(1)
