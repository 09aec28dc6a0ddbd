import hashlib
import re

import pytest
from django.contrib.messages import get_messages

from notifications.models import WebhookSubscription
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


def test_admin_webhook_secret_generated_and_shown_once(admin_client, partner) -> None:
    response = admin_client.post(
        "/admin/notifications/webhooksubscription/add/",
        {
            "organisation": partner.pk,
            "url": "https://p.example.org/h",
            "events": ["agenda.published"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    secret = WebhookSubscription.objects.get().secret
    assert len(secret) >= 32
    assert secret in " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_admin_webhook_url_without_scheme_means_https(admin_client, partner) -> None:
    data = {"organisation": partner.pk, "url": "p.example.org/h", "events": ["agenda.published"], "is_active": "on"}
    assert admin_client.post("/admin/notifications/webhooksubscription/add/", data).status_code == 302
    assert WebhookSubscription.objects.get().url == "https://p.example.org/h"


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


def test_iframe_page_may_be_framed(client) -> None:
    edition = EditionFactory(slug="framed")
    response = client.get("/api/embed/framed/", {"lang": "en"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert 'data-edition="framed"' in response.content.decode()
    assert edition.title_en in response.content.decode()
    assert client.get("/api/embed/nope/").status_code == 404


def test_embed_script_is_small_and_self_contained(client) -> None:
    from django.contrib.staticfiles import finders

    source = open(finders.find("agora-embed/agora-embed.js"), encoding="utf-8").read()  # noqa: SIM115
    assert len(source.encode()) < 12_000
    assert "import " not in source
    assert "http://" not in source
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)  # the usage comment shows an example URL
    assert "https://" not in code
    assert "fetch(" in code


def test_schema_describes_auth_errors_and_parameters(client) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    schemes = schema["components"]["securitySchemes"]
    assert schemes["PartnerKeyBearer"]["scheme"] == "bearer"
    assert schemes["PartnerKeyHeader"]["name"] == "X-API-Key"
    registrations = schema["paths"]["/api/v1/registrations/"]
    assert {"401", "403", "429", "409", "422"} <= set(registrations["post"]["responses"])
    assert {} not in registrations["get"]["security"]
    agenda = schema["paths"]["/api/v1/editions/{slug}/agenda/"]["get"]
    assert {} in agenda["security"]
    names = {p["name"] for p in agenda["parameters"]}
    assert {"expand", "day", "kind", "speaker", "sub_forum", "language", "lang", "version", "If-None-Match"} <= names
    assert "304" in agenda["responses"]
    sessions = {p["name"] for p in schema["paths"]["/api/v1/sessions/"]["get"]["parameters"]}
    assert {"edition", "sub_forum", "day", "kind", "speaker", "language", "changed_since", "search"} <= sessions
    page_size = next(p for p in schema["paths"]["/api/v1/sessions/"]["get"]["parameters"] if p["name"] == "page_size")
    assert page_size["schema"]["minimum"] == 1
    assert "email" not in schema["components"]["schemas"]["Speaker"]["properties"]


def test_docs_use_local_assets_only(client) -> None:
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    assert client.get("/api/redoc/").status_code == 200
