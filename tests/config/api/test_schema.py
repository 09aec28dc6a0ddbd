"""The generated OpenAPI schema and its documentation pages (Swagger UI, ReDoc) served from local assets."""

import pytest

pytestmark = pytest.mark.django_db


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
