"""The organiser admin over the demo data: every changelist and add page answers,
in a bounded number of queries; the add pages of service-written rows call the services."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from attendees.enums import ChoiceStatus
from attendees.models import SubForumChoice
from sessions.models import AgendaVersion
from tests.admin_lists import every_row

DOMAIN_APPS = {"forums", "forum_sessions", "attendees"}
DOMAIN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS),
    key=lambda model: model._meta.label,
)
MAX_QUERIES = 20

pytestmark = pytest.mark.usefixtures("demo")


def _url(model, view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_demo_changelist_answers_in_bounded_queries(admin_client, django_assert_max_num_queries, model) -> None:
    url = _url(model, "changelist") + every_row(model)
    admin_client.get(url)  # warm per-process caches (content types)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count()


@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_demo_add_page_answers_in_bounded_queries(admin_client, django_assert_max_num_queries, model) -> None:
    with django_assert_max_num_queries(MAX_QUERIES):
        response = admin_client.get(_url(model, "add"))
    assert response.status_code == 200


def test_demo_edition_listed_with_its_sub_forums_and_sessions(admin_client, demo) -> None:
    editions = admin_client.get(_url(type(demo), "changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "第十九届长三角科技论坛" in editions.text
    page = admin_client.get(_url(type(demo), "change", demo.pk), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "长三角一体化院士论坛" in page.text
    sessions = admin_client.get(reverse("admin:forum_sessions_session_changelist"), {"edition__id__exact": demo.pk})
    assert sessions.context["cl"].result_count == demo.sessions.count() > 20


def test_add_agenda_version_leads_to_the_preview_and_publishes_there(
    admin_client, demo, django_capture_on_commit_callbacks
) -> None:
    before = AgendaVersion.objects.filter(edition=demo).count()
    response = admin_client.post(
        _url(AgendaVersion, "add"), {"edition": demo.pk, "note": "Room change", "_save": "Save"}
    )
    # Nothing is published by the add page: it leads to the edition's preview, the note carried along.
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:forums_edition_publish", args=[demo.pk]) + "?note=Room+change"
    assert AgendaVersion.objects.filter(edition=demo).count() == before
    preview = admin_client.get(response["Location"])
    assert preview.status_code == 200
    assert preview.context["form"]["note"].value() == "Room change"
    assert (preview.context["preview"].number, preview.context["preview"].previous.number) == (2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(
            response["Location"], {"seen": preview.context["form"]["seen"].value(), "note": "Room change"}
        )
    assert done.status_code == 302
    latest = AgendaVersion.objects.filter(edition=demo).latest()
    assert (latest.number, latest.note, latest.published_by is not None) == (2, "Room change", True)
    assert latest.exports.exists()


def test_add_agenda_version_without_an_edition_shows_the_form_again(admin_client, demo) -> None:
    response = admin_client.post(_url(AgendaVersion, "add"), {"edition": "", "note": "x"})
    assert response.status_code == 200
    assert [e.code for e in response.context["adminform"].form.errors.as_data()["edition"]] == ["required"]
    assert not AgendaVersion.objects.filter(edition=demo, note="x").exists()


def test_add_sub_forum_choice_goes_through_the_service(admin_client, demo) -> None:
    full = demo.sub_forums.get(slug="ai")
    assert full.seats_left == 0
    registration = demo.registrations.filter(status="confirmed").exclude(choices__sub_forum=full).first()
    keep = set(registration.choices.values_list("sub_forum_id", "status"))

    response = admin_client.post(
        _url(SubForumChoice, "add"), {"registration": registration.pk, "sub_forum": full.pk, "_save": "Save"}
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert registration.choices.get(sub_forum=full).status == ChoiceStatus.WAITLISTED
    assert keep <= set(registration.choices.values_list("sub_forum_id", "status"))
    full.refresh_from_db()
    assert full.seats_taken == full.capacity
