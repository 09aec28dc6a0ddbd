"""The embeddable agenda: the iframe page partners frame and the script snippet's source."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db


def test_iframe_page_may_be_framed(client) -> None:
    edition = EditionFactory(slug="framed")
    response = client.get("/api/embed/framed/", {"lang": "en"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert 'data-edition="framed"' in response.content.decode()
    assert edition.title_en in response.content.decode()
    assert client.get("/api/embed/nope/").status_code == 404


def test_embed_script_is_small_and_self_contained(client) -> None:
    source = open(finders.find("agora-embed/agora-embed.js"), encoding="utf-8").read()  # noqa: SIM115
    assert len(source.encode()) < 12_000
    assert "import " not in source
    assert "http://" not in source
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.DOTALL)  # the usage comment shows an example URL
    assert "https://" not in code
    assert "fetch(" in code


def test_embed_snippets_escape_the_title_and_name_it_in_their_language(admin_client, settings) -> None:
    settings.SITE_URL = "https://agora.example.org"
    edition = EditionFactory(slug="wuhu-2032", title_en='The "Future" <Forum>', title_zh_hans="第二十届论坛")
    page = admin_client.get(f"/admin/partners/editionembed/{edition.pk}/change/").content.decode()
    # Shown escaped in the page, the snippet itself carries the title escaped inside its attribute.
    assert "title=&quot;The &amp;quot;Future&amp;quot; &amp;lt;Forum&amp;gt;&quot;" in page
    assert "title=&quot;第二十届论坛&quot;" in page
    assert 'title="The "Future"' not in page
