"""Published agenda versions in the organiser admin."""

import pytest

from sessions.services import publish_agenda
from tests.factories import SessionFactory


@pytest.mark.django_db
@pytest.mark.parametrize("versions", [1, 6])
def test_agenda_versions_list_query_count_constant_and_versions_are_read_only(
    admin_client, versions, django_assert_max_num_queries
) -> None:
    session = SessionFactory(title_en="Keynote")
    for _ in range(versions):
        publish_agenda(edition=session.edition)
    with django_assert_max_num_queries(8):
        response = admin_client.get("/admin/forum_sessions/agendaversion/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == versions
    # Versions are never edited: the add page publishes the next one (tests/workspace/test_admin_demo.py).
    first = response.context["cl"].result_list[0]
    assert (
        admin_client.post(f"/admin/forum_sessions/agendaversion/{first.pk}/change/", {"note": "x"}).status_code == 403
    )


@pytest.mark.django_db
def test_agenda_version_page_shows_changelog_and_export_links(admin_client) -> None:
    session = SessionFactory(title_zh_hans="主旨报告", title_en="Keynote")
    version = publish_agenda(edition=session.edition)
    page = admin_client.get(f"/admin/forum_sessions/agendaversion/{version.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<strong>added</strong> 主旨报告" in body
    assert f"/e/{session.edition.slug}/agenda/export/frab-xml/?lang=en" in body
    assert admin_client.post(f"/admin/forum_sessions/agendaversion/{version.pk}/delete/").status_code == 403
