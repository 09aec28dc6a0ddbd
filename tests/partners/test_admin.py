"""The partner admin: API keys issued once and stored hashed, revoked keys, the embed snippets page."""

import hashlib
import re

import pytest
from django.contrib.messages import get_messages

from partners.models import ApiKey
from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_admin_issues_a_key_once_and_stores_a_hash(admin_client, partner) -> None:
    response = admin_client.post(
        "/admin/partners/apikey/add/",
        {
            "organisation": partner.pk,
            "name": "News site",
            "scopes": ["agenda:read", "registrations:write"],
            "daily_quota": 500,
            "expires_at_0": "",
            "expires_at_1": "",
        },
    )
    assert response.status_code == 302, response.content
    key = ApiKey.objects.get()
    assert key.scopes == ["agenda:read", "registrations:write"]
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    plaintext = re.search(r"<code[^>]*>([^<]+)</code>", " ".join(messages)).group(1)
    prefix, secret = plaintext.split(".", 1)
    assert key.prefix == prefix
    assert key.hashed_secret == hashlib.sha256(secret.encode()).hexdigest()
    admin_client.get("/admin/partners/apikey/")  # the one page that shows the message
    page = admin_client.get(f"/admin/partners/apikey/{key.pk}/change/").content.decode()
    assert secret not in page
    assert admin_client.get("/api/v1/registrations/", HTTP_X_API_KEY=plaintext).status_code == 403


def test_admin_revoke_action(admin_client, make_key) -> None:
    key, plaintext = make_key()
    admin_client.post("/admin/partners/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert admin_client.get("/api/v1/registrations/", HTTP_X_API_KEY=plaintext).status_code == 401


def test_admin_embed_page_shows_snippets(admin_client, settings) -> None:
    settings.SITE_URL = "https://agora.example.org"
    edition = EditionFactory(slug="wuhu-2031")
    page = admin_client.get(f"/admin/partners/editionembed/{edition.pk}/change/").content.decode()
    assert (
        "&lt;script src=&quot;https://agora.example.org/static/agora-embed/agora-embed.js&quot; "
        "data-edition=&quot;wuhu-2031&quot; data-lang=&quot;en&quot; async&gt;&lt;/script&gt;"
    ) in page
    assert "https://agora.example.org/api/embed/wuhu-2031/?lang=zh-hans" in page
    assert admin_client.get("/admin/partners/editionembed/").status_code == 200
