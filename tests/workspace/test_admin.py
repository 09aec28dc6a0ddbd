"""The organiser admin answers for every registered model of the domain apps, in a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import factory
import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attendees import services
from attendees.models import Registration, RegistrationType
from forums.models import CountedPlaces, Edition, SubForum
from sessions.models import AgendaVersion, Session
from tests import factories
from tests.admin_lists import every_row
from tests.admin_post import add_inline_row, changeform_data, errors
from tests.factories import (
    EditionFactory,
    EditionOrganisationFactory,
    OrganisationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SubForumFactory,
)
from tests.fixtures.admin import populate

DOMAIN_APPS = {"forums", "forum_sessions", "attendees"}
DOMAIN_MODELS = sorted(
    (model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS),
    key=lambda model: model._meta.label,
)
# Publishing writes agenda versions (sessions.services); the admin only reads them.
# Sub-forum choices are written by attendees.services (capacity, waiting lists).
# Adding an agenda version publishes the agenda; adding a sub-forum choice goes
# through attendees.services. Stored exports are listed on their version's page.
# Their rows are immutable once written (by publishing, by attendees.services).
IMMUTABLE_MODELS = {"forum_sessions.AgendaVersion", "attendees.SubForumChoice"}
# An attendee's stars and feed link generation are theirs, changed on their own page only.
NOT_IN_ADMIN = {"forum_sessions.AgendaExport", "attendees.StarredSession", "attendees.CalendarFeed"}
MAX_QUERIES = 20


@pytest.fixture
def populated(db) -> None:
    """Realistic data for the generic page checks; tests that need known rows use ``editions``."""
    populate(count=6)


FACTORY_FOR = {
    factory_class._meta.model: factory_class
    for factory_class in vars(factories).values()
    if isinstance(factory_class, type)
    and issubclass(factory_class, factory.django.DjangoModelFactory)
    and factory_class._meta.model is not None
}


def _some(model: type[Model]) -> Model:
    """A row of ``model``: the first one the data has, or one made for the check (e.g. no team in the demo)."""
    return model._default_manager.order_by("pk").first() or FACTORY_FOR[model]()


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_domain_model_is_registered() -> None:
    unregistered = [
        model._meta.label
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if model not in admin.site._registry and model._meta.label not in NOT_IN_ADMIN
    ]
    assert unregistered == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_changelist_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries, model) -> None:
    url = _url(model, "changelist") + every_row(model)
    populate(count=1)
    admin_client.get(url)  # warm the per-process caches (content types) before counting
    with CaptureQueriesContext(connection) as one_item:
        assert admin_client.get(url).status_code == 200

    populate(count=5)
    with django_assert_max_num_queries(min(len(one_item), MAX_QUERIES)):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count()


@pytest.mark.django_db
@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_changelist_answers_with_populated_data(admin_client, django_assert_max_num_queries, populated, model) -> None:
    with django_assert_max_num_queries(MAX_QUERIES):
        response = admin_client.get(_url(model, "changelist") + every_row(model))
    assert response.status_code == 200
    assert response.context["cl"].result_count == model._default_manager.count()


@pytest.mark.django_db
@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_add_page_answers_for_superuser(admin_client, django_assert_max_num_queries, populated, model) -> None:
    with django_assert_max_num_queries(MAX_QUERIES):
        response = admin_client.get(_url(model, "add"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("model", DOMAIN_MODELS, ids=lambda m: m._meta.label)
def test_change_page_answers_for_superuser(admin_client, populated, model) -> None:
    obj = _some(model)
    response = admin_client.get(_url(model, "change", obj.pk))
    assert response.status_code == 200
    assert response.context["original"] == obj


def _queries(client, url: str) -> int:
    client.get(url)  # warm the per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_change_pages_with_inline_rows_cost_the_same_queries_for_1_and_many_rows(admin_client) -> None:
    """Autocomplete widgets in inline rows get their objects from one query per column."""
    small, large = SessionFactory(), SessionFactory()
    SessionSpeakerFactory(session=small)
    for order in range(8):
        SessionSpeakerFactory(session=large, order=order)
    few, many = EditionFactory(), EditionFactory()
    EditionOrganisationFactory(edition=few)
    SubForumFactory(edition=few).hosts.add(OrganisationFactory())
    for n in range(6):
        EditionOrganisationFactory(edition=many, order=n)
        sub_forum = SubForumFactory(
            edition=many, start=many.start + dt.timedelta(hours=n), end=many.start + dt.timedelta(hours=n, minutes=50)
        )
        sub_forum.hosts.add(OrganisationFactory(), OrganisationFactory())

    assert _queries(admin_client, _url(Session, "change", small.pk)) == _queries(
        admin_client, _url(Session, "change", large.pk)
    )
    assert _queries(admin_client, _url(Edition, "change", few.pk)) == _queries(
        admin_client, _url(Edition, "change", many.pk)
    )
    page = admin_client.get(_url(Session, "change", large.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for role in large.speaker_roles.select_related("speaker"):
        assert f'<option value="{role.speaker_id}" selected>{role.speaker}</option>' in page


@pytest.mark.django_db
def test_admin_index_lists_domain_apps(admin_client, populated) -> None:
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    listed = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {m.__name__ for m in DOMAIN_MODELS} <= listed
    assert "Agora 组织者后台 / Organiser admin" in response.content.decode()


@pytest.mark.django_db
def test_edition_changelist_search_by_title(admin_client, editions) -> None:
    wanted = EditionFactory(title_zh_hans="第十九届长三角科技论坛", title_en="The 19th Yangtze River Delta Forum")
    response = admin_client.get(_url(Edition, "changelist"), {"q": "长三角"})
    assert list(response.context["cl"].result_list) == [wanted]
    response = admin_client.get(_url(Edition, "changelist"), {"q": "Yangtze"})
    assert list(response.context["cl"].result_list) == [wanted]


@pytest.mark.django_db
def test_edition_changelist_shows_number_year_dates_and_status(admin_client) -> None:
    EditionFactory(number=19, year=2030, host_city_en="Wuhu")
    response = admin_client.get(_url(Edition, "changelist"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert "2030-07-06 \u2013 07-08" in body
    assert "Registration open" in body
    assert ">19<" in body


@pytest.mark.django_db
def test_computed_fields_are_read_only(admin_client, editions) -> None:
    registration = Registration.objects.filter(edition=editions[0]).get()
    response = admin_client.get(_url(Registration, "change", registration.pk))
    form_fields = set(response.context["adminform"].form.fields)
    assert {"code", "status", "created_at"}.isdisjoint(form_fields)
    assert registration.code in response.content.decode()

    sub_forum = editions[0].sub_forums.get()
    response = admin_client.get(_url(type(sub_forum), "change", sub_forum.pk))
    assert "seats_taken" not in response.context["adminform"].form.fields


@pytest.mark.django_db
def test_bilingual_fields_are_side_by_side(admin_client, editions) -> None:
    response = admin_client.get(_url(Edition, "change", editions[0].pk))
    fields = response.context["adminform"].form.fields
    assert {"title_zh_hans", "title_en", "theme_zh_hans", "theme_en"} <= set(fields)
    assert "tabbed_translation_fields" not in response.content.decode()


@pytest.mark.django_db
def test_edition_inlines_save_sub_forum_and_organising_role(admin_client, editions) -> None:
    edition = editions[0]
    organisation = edition.organising_roles.get().organisation
    url = _url(Edition, "change", edition.pk)
    data = changeform_data(admin_client.get(url))
    add_inline_row(
        data,
        "sub_forums",
        {
            "title_zh_hans": "长三角一体化院士论坛",
            "title_en": "Integrated Academician Forum",
            "slug": "academicians",
            "start_0": "2030-07-06",
            "start_1": "14:00",
            "end_0": "2030-07-06",
            "end_1": "17:00",
            "requires_registration": "on",
            "order": 2,
        },
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors(response)
    added = edition.sub_forums.get(slug="academicians")
    assert added.title_en == "Integrated Academician Forum"
    assert added.start == dt.datetime(2030, 7, 6, 6, 0, tzinfo=dt.UTC)
    assert edition.organising_roles.get().organisation == organisation


@pytest.mark.django_db
def test_admin_reads_in_chinese_for_a_chinese_organiser(admin_client, populated) -> None:
    response = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    apps = {app["app_label"]: app for app in response.context["app_list"]}
    assert str(apps["forums"]["name"]) == "论坛"
    assert str(apps["forum_sessions"]["name"]) == "议程"
    assert str(apps["attendees"]["name"]) == "参会者"
    names = {str(m["name"]) for app in apps.values() for m in app["models"]}
    assert {"届次", "分论坛", "嘉宾", "议程环节", "报名", "报名类别", "论坛团队成员"} <= names

    response = admin_client.get(_url(Edition, "changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = response.content.decode()
    assert "检查会议室与嘉宾冲突" in body
    assert "报名中" in body  # the edition's status


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [m for m in DOMAIN_MODELS if m._meta.label not in IMMUTABLE_MODELS], ids=lambda m: m._meta.label
)
def test_change_page_saves_unchanged(admin_client, populated, model) -> None:
    """Every change form, inlines included, posts back as rendered without an error."""
    obj = _some(model)
    url = _url(model, "change", obj.pk)
    response = admin_client.post(url, changeform_data(admin_client.get(url)))
    assert response.status_code == 302, errors(response)


def _two_registrations(edition: Edition, sub_forum: Model) -> list[Registration]:
    """Two attendees of the edition's registration type, both choosing ``sub_forum``."""
    registration_type = edition.registration_types.get()
    return [
        services.register_attendee(
            edition=edition,
            registration_type=registration_type,
            name=f"参会者{n}",
            email=f"person{n}@example.org",
            sub_forums=[sub_forum.pk],
        )
        for n in (1, 2)
    ]


@pytest.mark.django_db
def test_raising_capacity_in_the_edition_page_promotes_the_waiting_list(admin_client, editions) -> None:

    edition = editions[0]
    sub_forum = edition.sub_forums.get()
    type(sub_forum).objects.filter(pk=sub_forum.pk).update(capacity=1)
    first, second = _two_registrations(edition, sub_forum)
    assert second.choices.get().status == "waitlisted"
    url = _url(Edition, "change", edition.pk)
    data = changeform_data(admin_client.get(url))
    data["sub_forums-0-capacity"] = 2

    response = admin_client.post(url, data)

    assert response.status_code == 302, errors(response)
    sub_forum.refresh_from_db()
    assert (sub_forum.capacity, sub_forum.seats_taken) == (2, 2)
    assert second.choices.get().status == "confirmed"
    assert first.choices.get().status == "confirmed"


def _capacity_form_below_places_taken(admin_client, edition: Edition, page: str) -> tuple[str, dict, Model]:
    """Two places taken, and the capacity form of ``page`` filled in with 1: (url, form data, the object)."""
    sub_forum = edition.sub_forums.get()
    registration_type = edition.registration_types.get()
    _two_registrations(edition, sub_forum)
    url, field, changed = {
        "edition": (_url(Edition, "change", edition.pk), "sub_forums-0-capacity", sub_forum),
        "sub_forum": (_url(SubForum, "change", sub_forum.pk), "capacity", sub_forum),
        "registration_type": (_url(RegistrationType, "change", registration_type.pk), "capacity", registration_type),
    }[page]
    data = changeform_data(admin_client.get(url))
    data[field] = 1
    return url, data, changed


def _assert_unchanged_with_two_taken(changed: Model) -> None:
    before = changed.capacity
    changed.refresh_from_db()
    assert (changed.capacity, changed.seats_taken) == (before, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["edition", "sub_forum", "registration_type"])
def test_capacity_below_the_places_taken_is_a_field_error_not_a_server_error(admin_client, editions, page) -> None:
    url, data, changed = _capacity_form_below_places_taken(admin_client, editions[0], page)

    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "2 places are already taken; the capacity cannot be lower." in response.content.decode()
    _assert_unchanged_with_two_taken(changed)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["edition", "sub_forum", "registration_type"])
def test_places_taken_between_the_check_and_the_save_are_explained_not_a_server_error(
    admin_client, editions, page, monkeypatch
) -> None:
    url, data, changed = _capacity_form_below_places_taken(admin_client, editions[0], page)
    # The form's check passes as if the two registrations had come in just after it.
    monkeypatch.setattr(CountedPlaces, "clean", lambda self: None)

    response = admin_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Location"]) == (302, url)
    page_after = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Attendees took places while you were editing" in page_after
    _assert_unchanged_with_two_taken(changed)


@pytest.mark.django_db
def test_publish_action_leads_to_the_preview_that_publishes_the_next_version(admin_client, editions) -> None:
    edition = editions[0]
    response = admin_client.post(
        _url(Edition, "changelist"), {"action": "publish_agenda_action", "_selected_action": [edition.pk]}
    )
    preview = reverse("admin:forums_edition_publish", args=[edition.pk])
    assert (response.status_code, response["Location"]) == (302, preview)
    assert AgendaVersion.objects.filter(edition=edition).count() == 1  # the action alone publishes nothing
    seen = admin_client.get(preview).context["form"]["seen"].value()
    response = admin_client.post(preview, {"seen": seen, "note": ""})
    assert (response.status_code, response["Location"]) == (302, _url(Edition, "change", edition.pk))
    assert list(AgendaVersion.objects.filter(edition=edition).values_list("number", flat=True)) == [2, 1]
