"""The publishing admin pieces, registered here on a site of their own (the lead wires
them into the project's admin)."""

import pytest
from django.contrib import admin
from django.urls import include, path

from sessions.admin_publishing import AgendaVersionAdmin
from sessions.models import AgendaVersion
from sessions.services import publish_agenda
from tests.factories import SessionFactory

site = admin.AdminSite(name="publishing_test_admin")
site.register(AgendaVersion, AgendaVersionAdmin)
urlpatterns = [path("admin/", site.urls), path("", include("sessions.urls"))]


@pytest.mark.django_db
@pytest.mark.urls("tests.test_publishing_admin")
@pytest.mark.parametrize("versions", [1, 6])
def test_agenda_versions_list_is_read_only_and_query_count_constant(
    admin_client, versions, django_assert_max_num_queries
) -> None:
    session = SessionFactory(title_en="Keynote")
    for _ in range(versions):
        publish_agenda(edition=session.edition)
    with django_assert_max_num_queries(8):
        response = admin_client.get("/admin/forum_sessions/agendaversion/")
    assert response.status_code == 200
    assert response.context["cl"].result_count == versions
    assert admin_client.get("/admin/forum_sessions/agendaversion/add/").status_code == 403


@pytest.mark.django_db
@pytest.mark.urls("tests.test_publishing_admin")
def test_agenda_version_page_shows_changelog_and_export_links(admin_client) -> None:
    session = SessionFactory(title_zh_hans="主旨报告", title_en="Keynote")
    version = publish_agenda(edition=session.edition)
    page = admin_client.get(f"/admin/forum_sessions/agendaversion/{version.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<strong>added</strong> 主旨报告" in body
    assert f"/e/{session.edition.slug}/agenda/export/frab-xml/?lang=en" in body
    assert admin_client.post(f"/admin/forum_sessions/agendaversion/{version.pk}/delete/").status_code == 403
