"""A sub-forum host (a partner society that runs one sub-forum) sees nothing else: in
every changelist of the admin, every autocomplete, and the edition's own pages. Other
rows of its edition, its forum's other edition and another forum's rows stay hidden;
the shared directory (organisations, venues, rooms, speakers) is every member's."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from attendees.models import Registration, SubForumChoice
from forums.admin.scope import SharedDirectoryAdminMixin
from forums.enums import ForumTeamRole
from forums.models import Edition, SubForum
from forums.permissions import Access
from sessions.models import Session, SessionSpeaker
from tests.admin_lists import every_row
from tests.factories import (
    EditionFactory,
    ForumFactory,
    ForumMembershipFactory,
    RegistrationFactory,
    RegistrationTypeFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SubForumChoiceFactory,
    SubForumFactory,
)

pytestmark = pytest.mark.django_db


def _fill(edition: Edition) -> list[SubForum]:
    """Two sub-forums, each with a session, a speaker and an attendee."""
    registration_type = RegistrationTypeFactory(edition=edition)
    sub_forums = [SubForumFactory(edition=edition) for _ in range(2)]
    for sub_forum in sub_forums:
        SessionSpeakerFactory(session=SessionFactory(edition=edition, sub_forum=sub_forum))
        registration = RegistrationFactory(edition=edition, registration_type=registration_type)
        SubForumChoiceFactory(registration=registration, sub_forum=sub_forum)
    SessionFactory(edition=edition)  # a plenary: no sub-forum's
    return sub_forums


@pytest.fixture
def host(client) -> dict[str, Any]:
    forum = ForumFactory()
    edition = EditionFactory(forum=forum)
    hosted, _other = _fill(edition)
    _fill(EditionFactory(forum=forum))  # the forum's other edition
    _fill(EditionFactory())  # another forum's
    membership = ForumMembershipFactory(forum=forum, role=ForumTeamRole.HOST, edition=edition)
    membership.sub_forums.set([hosted])
    client.force_login(membership.user)
    return {"client": client, "user": membership.user, "edition": edition, "hosted": hosted}


def _in_hosted(model_admin: Any, rows: list[Model], hosted: SubForum) -> list[Model]:
    """The rows shown that lie outside the hosted sub-forum (by the admin's own sub-forum path)."""
    path = getattr(model_admin, "sub_forum_path", None)
    if path is None:
        return rows
    model = model_admin.model
    inside = set(
        model._default_manager.filter(pk__in=[r.pk for r in rows], **{path.replace("pk", "id"): hosted.pk}).values_list(
            "pk", flat=True
        )
    )
    return [row for row in rows if row.pk not in inside]


ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.parametrize(("model", "model_admin"), ADMINS, ids=[m._meta.label for m, _a in ADMINS])
def test_host_changelist_shows_only_its_sub_forums_rows(host, model, model_admin) -> None:
    response = host["client"].get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") + every_row(model)
    )
    if response.status_code in (302, 403):  # not for a host (the operator's pages ask for a login: 302)
        return
    assert response.status_code == 200
    rows = list(response.context["cl"].queryset)
    if isinstance(model_admin, SharedDirectoryAdminMixin):
        return  # the shared directory is every member's
    assert _in_hosted(model_admin, rows, host["hosted"]) == [], model._meta.label


def _pks(queryset: Any) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


AUTOCOMPLETES = [
    # (source model, field, what the host may pick)
    (Session, "sub_forum", lambda h: {h["hosted"].pk}),
    (Session, "edition", lambda h: {h["edition"].pk}),
    (SessionSpeaker, "session", lambda h: _pks(Session.objects.filter(sub_forum=h["hosted"]))),
    (SubForumChoice, "registration", lambda h: _pks(Registration.objects.filter(choices__sub_forum=h["hosted"]))),
    (SubForumChoice, "sub_forum", lambda h: {h["hosted"].pk}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("model", "field", "allowed"), AUTOCOMPLETES, ids=[f"{m._meta.model_name}.{f}" for m, f, _a in AUTOCOMPLETES]
)
def test_host_autocomplete_offers_only_its_sub_forums_rows(host, model, field, allowed) -> None:
    if field not in admin.site._registry[model].autocomplete_fields:
        pytest.skip(f"{model._meta.label}.{field} is no autocomplete")
    response = host["client"].get(
        reverse("admin:autocomplete"),
        {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field, "term": ""},
    )
    assert response.status_code == 200
    assert {int(r["id"]) for r in response.json()["results"]} == allowed(host)


def test_host_is_refused_the_editions_whole_pages(host) -> None:
    client, edition = host["client"], host["edition"]
    other = SubForum.objects.filter(edition=edition).exclude(pk=host["hosted"].pk).get()
    for url in [
        reverse("admin:forums_edition_change", args=[edition.pk]),
        reverse("admin:forums_edition_dashboard", args=[edition.pk]),
        reverse("admin:forums_edition_conflicts", args=[edition.pk]),
        reverse("admin:forums_forum_dashboard", args=[edition.forum_id]),
        reverse("admin:forums_subforum_change", args=[other.pk]),
    ]:  # fmt: skip
        assert client.get(url).status_code in (403, 404), url
    assert client.get(reverse("admin:forums_subforum_change", args=[host["hosted"].pk])).status_code == 200


def test_host_access_covers_only_its_sub_forum(host) -> None:
    access = Access(host["user"])
    assert access.filter(SubForum.objects.all(), "view", admin.site._registry[SubForum].scope).get() == host["hosted"]
