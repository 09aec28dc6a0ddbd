import gzip

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(edition, publish):
    return publish(edition)


def export_url(edition, fmt: str) -> str:
    return f"/api/v1/editions/{edition.slug}/agenda/export/{fmt}/"


def test_exports_404_before_publication(client, edition) -> None:
    response = client.get(export_url(edition, "ics"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("fmt", "content_type", "start"),
    [
        ("json", "application/json", b"{"),
        ("ics", "text/calendar", b"BEGIN:VCALENDAR"),
        ("frab-json", "application/json", b"{"),
        ("frab-xml", "application/xml", b"<?xml"),
    ],
)
def test_exports_served_as_stored(client, edition, published, fmt, content_type, start) -> None:
    response = client.get(export_url(edition, fmt), {"lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response.content.startswith(start)
    assert response["ETag"]
    assert response["Cache-Control"].startswith("public")


def test_ics_in_both_languages(client, edition, published) -> None:
    en = client.get(export_url(edition, "ics"), {"lang": "en"}).content.decode()
    zh = client.get(export_url(edition, "ics"), {"lang": "zh-hans"}).content.decode()
    assert "Keynote" in en
    assert "主旨报告" in zh


def test_ics_per_sub_forum(client, edition, published) -> None:
    sub_forum = edition.sub_forums.first()
    response = client.get(export_url(edition, "ics"), {"sub_forum": sub_forum.slug})
    assert response.status_code == 200
    assert client.get(export_url(edition, "ics"), {"sub_forum": "nope"}).status_code == 404
    assert client.get(export_url(edition, "frab-xml"), {"sub_forum": sub_forum.slug}).status_code == 404


def test_unknown_format_is_404(client, edition, published) -> None:
    assert client.get(export_url(edition, "pdf")).status_code == 404


def test_export_304_and_cache_without_sql(client, edition, published, django_assert_num_queries) -> None:
    first = client.get(export_url(edition, "frab-json"))
    with django_assert_num_queries(0):
        cached = client.get(export_url(edition, "frab-json"))
        not_modified = client.get(export_url(edition, "frab-json"), HTTP_IF_NONE_MATCH=first["ETag"])
    assert cached.content == first.content
    assert not_modified.status_code == 304


def test_agenda_after_publish_agenda(client, edition, published) -> None:
    body = client.get(f"/api/v1/editions/{edition.slug}/agenda/").json()
    assert body["version"] == published.number == 1


@pytest.mark.parametrize("fmt", ["json", "ics", "frab-xml"])
def test_exports_sent_gzipped_to_clients_that_accept_it(client, edition, published, fmt) -> None:
    plain = client.get(export_url(edition, fmt), {"lang": "en"})
    gzipped = client.get(export_url(edition, fmt), {"lang": "en"}, headers={"Accept-Encoding": "gzip, br"})
    assert gzipped.status_code == 200
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == plain.content
    assert gzipped["ETag"] == f"W/{plain['ETag']}"
    assert "Accept-Encoding" in plain["Vary"]
    assert "Content-Encoding" not in plain
    again = client.get(
        export_url(edition, fmt), {"lang": "en"}, headers={"Accept-Encoding": "gzip", "If-None-Match": gzipped["ETag"]}
    )
    assert again.status_code == 304
