"""Per-forum scoping of the organiser admin, as a matrix: URL x role x expected answer.

Forum A and forum B each have one of every row; alice organises A, bob organises B,
victor may only view A, charlie is staff on no team. Another forum's object answers
404 (its existence does not leak), a changelist shows only the user's rows.
"""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from forums.enums import ForumTeamRole
from forums.models import Edition, Forum, Organisation
from sessions.models import Session
from sessions.services import publish_agenda
from tests.admin_lists import every_row
from tests.admin_post import changeform_data
from tests.factories import (
    EditionFactory,
    EditionOrganisationFactory,
    ForumFactory,
    ForumMembershipFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    StaffUserFactory,
    SubForumChoiceFactory,
    SubForumFactory,
    SuperUserFactory,
)

DOMAIN_APPS = {"forums", "forum_sessions", "attendees"}
SCOPED = sorted(
    (
        (model, model_admin.forum_path)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in DOMAIN_APPS and getattr(model_admin, "forum_path", "")
    ),
    key=lambda pair: pair[0]._meta.label,
)
SHARED = sorted(
    (
        model
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in DOMAIN_APPS and not getattr(model_admin, "forum_path", "")
    ),
    key=lambda model: model._meta.label,
)
# Starting a forum series or changing a team is a superuser's job; agenda versions are written by
# publishing, sub-forum choices by the attendee services.
SUPERUSER_ADDS_ONLY = {"forums.Forum", "forums.ForumMembership"}
NOBODY_ADDS: set[str] = set()


def fill_forum(forum: Forum) -> Edition:
    edition = EditionFactory(forum=forum)
    EditionOrganisationFactory(edition=edition)
    sub_forum = SubForumFactory(edition=edition)
    session = SessionFactory(edition=edition, sub_forum=sub_forum)
    SessionSpeakerFactory(session=session)
    registration = RegistrationFactory(edition=edition)
    SubForumChoiceFactory(registration=registration, sub_forum=sub_forum)
    publish_agenda(edition=edition)  # a version and its exports
    return edition


@pytest.fixture
def world(db) -> dict:
    forum_a, forum_b = ForumFactory(), ForumFactory()
    users = {
        "superuser": SuperUserFactory(username="root"),
        "alice": ForumMembershipFactory(forum=forum_a, user__username="alice").user,
        "bob": ForumMembershipFactory(forum=forum_b, user__username="bob").user,
        "victor": ForumMembershipFactory(forum=forum_a, user__username="victor", role=ForumTeamRole.VIEWER).user,
        "charlie": StaffUserFactory(username="charlie"),
    }
    return {"A": forum_a, "B": forum_b, "edition_a": fill_forum(forum_a), "edition_b": fill_forum(forum_b), **users}


def _url(model: type[Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _object_in(model: type[Model], forum_path: str, forum: Forum) -> Model:
    return model._default_manager.filter(**{forum_path: forum.pk}).order_by("pk").first()


def _as(client, user):
    client.force_login(user)
    return client


# Which forums' rows each role sees in a changelist; None = refused (403).
CHANGELIST_SEES = {"superuser": {"A", "B"}, "alice": {"A"}, "bob": {"B"}, "victor": {"A"}, "charlie": None}
# The answer to the change view of an object of forum A.
CHANGE_A = {"superuser": 200, "alice": 200, "bob": 404, "victor": 200, "charlie": 404}


# Each test walks every role over one model: the matrix stays readable in the
# assertion messages while the two forums' data is built once per model, not per cell.
@pytest.mark.parametrize(("model", "forum_path"), SCOPED, ids=[m._meta.label for m, _p in SCOPED])
def test_changelist_shows_only_own_forums_rows(client, world, model, forum_path) -> None:
    for role, expected in CHANGELIST_SEES.items():
        response = _as(client, world[role]).get(_url(model, "changelist") + every_row(model))
        if expected is None:
            assert response.status_code == 403, role
            continue
        assert response.status_code == 200, role
        shown = set(response.context["cl"].result_list)
        wanted = set(model._default_manager.filter(**{f"{forum_path}__in": [world[f].pk for f in expected]}))
        assert wanted, role
        assert shown == wanted, role


@pytest.mark.parametrize(("model", "forum_path"), SCOPED, ids=[m._meta.label for m, _p in SCOPED])
def test_change_view_of_forum_a_object(client, world, model, forum_path) -> None:
    obj = _object_in(model, forum_path, world["A"])
    for role, expected in CHANGE_A.items():
        response = _as(client, world[role]).get(_url(model, "change", obj.pk))
        assert response.status_code == expected, role
        if expected == 200:
            assert response.context["original"] == obj, role


@pytest.mark.parametrize(("model", "forum_path"), SCOPED, ids=[m._meta.label for m, _p in SCOPED])
def test_other_forums_object_is_not_found_on_every_object_url(client, world, model, forum_path) -> None:
    obj = _object_in(model, forum_path, world["B"])
    _as(client, world["alice"])
    for view in ("change", "history", "delete"):
        assert client.get(_url(model, view, obj.pk)).status_code == 404, view


@pytest.mark.parametrize("model", [m for m, _p in SCOPED] + SHARED, ids=lambda m: m._meta.label)
def test_add_view(client, world, model) -> None:
    label = model._meta.label
    for role in ("superuser", "alice", "bob", "victor", "charlie"):
        if label in NOBODY_ADDS:
            expected = 403
        elif label in SUPERUSER_ADDS_ONLY:
            expected = 200 if role == "superuser" else 403
        else:
            expected = 200 if role in ("superuser", "alice", "bob") else 403
        assert _as(client, world[role]).get(_url(model, "add")).status_code == expected, role


@pytest.mark.parametrize("model", SHARED, ids=lambda m: m._meta.label)
def test_shared_directory_is_read_by_team_members(client, world, model) -> None:
    for role, expected in (("alice", 200), ("victor", 200), ("charlie", 403)):
        assert _as(client, world[role]).get(_url(model, "changelist")).status_code == expected, role


def test_viewer_sees_read_only_pages_and_cannot_post(client, world) -> None:
    edition = world["edition_a"]
    url = _url(Edition, "change", edition.pk)
    superuser_data = changeform_data(_as(client, world["superuser"]).get(url))
    response = _as(client, world["victor"]).get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert {"title_zh_hans", "title_en", "forum"} <= set(response.context["adminform"].readonly_fields)
    assert 'name="title_en"' not in response.content.decode()

    response = client.post(url, {**superuser_data, "title_en": "Renamed"})
    assert response.status_code == 403
    edition.refresh_from_db()
    assert edition.title_en != "Renamed"


def test_organiser_cannot_post_another_forums_edition_into_a_session(client, world) -> None:
    session = _object_in(Session, "edition__forum", world["A"])
    url = _url(Session, "change", session.pk)
    _as(client, world["alice"])
    data = changeform_data(client.get(url))
    data["edition"] = world["edition_b"].pk
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Select a valid choice" in response.context["adminform"].form.errors["edition"][0]
    session.refresh_from_db()
    assert session.edition == world["edition_a"]


def test_foreign_key_choices_are_scoped(client, world) -> None:
    response = _as(client, world["alice"]).get(_url(Session, "add"))
    form = response.context["adminform"].form
    assert list(form.fields["edition"].queryset) == [world["edition_a"]]
    assert set(form.fields["sub_forum"].queryset) == set(world["edition_a"].sub_forums.all())


def _autocomplete(client, model: str, field: str, app_label: str = "forum_sessions") -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"), {"app_label": app_label, "model_name": model, "field_name": field, "term": ""}
    )
    assert response.status_code == 200
    return [row["id"] for row in json.loads(response.content)["results"]]


def test_autocomplete_offers_only_own_forums(client, world) -> None:
    _as(client, world["alice"])
    assert _autocomplete(client, "session", "edition") == [str(world["edition_a"].pk)]
    assert set(_autocomplete(client, "session", "sub_forum")) == {
        str(pk) for pk in world["edition_a"].sub_forums.values_list("pk", flat=True)
    }
    assert _autocomplete(client, "edition", "forum", app_label="forums") == [str(world["A"].pk)]
    # The shared directory is offered whole.
    assert len(_autocomplete(client, "forum", "initiator", app_label="forums")) == Organisation.objects.count()


def test_outsider_gets_no_autocomplete(client, world) -> None:
    _as(client, world["charlie"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "forum_sessions", "model_name": "session", "field_name": "edition", "term": ""},
    )
    assert response.status_code == 403


def test_changelist_filters_offer_only_own_forums(client, world) -> None:
    # A filter shows from two choices on: give forum A a second edition.
    second_a = fill_forum(world["A"])
    response = _as(client, world["alice"]).get(_url(Session, "changelist"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert f"?edition__id__exact={second_a.pk}" in body
    assert f"?edition__id__exact={world['edition_a'].pk}" in body
    assert f"?edition__id__exact={world['edition_b'].pk}" not in body
    assert world["edition_b"].title_en not in body
    assert world["edition_b"].title_zh_hans not in body


def test_conflicts_page_of_another_forum_is_not_found(client, world) -> None:
    _as(client, world["alice"])
    assert client.get(reverse("admin:forums_edition_conflicts", args=[world["edition_a"].pk])).status_code == 200
    assert client.get(reverse("admin:forums_edition_conflicts", args=[world["edition_b"].pk])).status_code == 404


def test_admin_index_lists_only_what_a_member_may_see(client, world) -> None:
    response = _as(client, world["alice"]).get(reverse("admin:index"))
    assert response.status_code == 200
    listed = {m["object_name"] for app in response.context["app_list"] for m in app["models"]}
    assert {"Edition", "Session", "Registration", "Speaker"} <= listed
    response = _as(client, world["charlie"]).get(reverse("admin:index"))
    assert response.context["app_list"] == []
