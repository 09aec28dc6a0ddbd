"""Every sub-forum picker of the admin names the sub-forum's edition (two editions of a
series have sub-forums of the same title), and the agenda's session list opens on the
edition being prepared."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.admin.current_edition import CurrentEditionFilter
from forums.enums import EditionStatus, ForumTeamRole
from sessions.models import Session
from tests.factories import EditionFactory, ForumFactory, ForumMembershipFactory, SessionFactory, SubForumFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_years():
    forum = ForumFactory()
    now = timezone.now()
    last = EditionFactory(
        forum=forum, title_en="2029 forum", start=now - dt.timedelta(days=300), status=EditionStatus.ARCHIVED
    )
    this = EditionFactory(forum=forum, title_en="2030 forum", start=now + dt.timedelta(days=60))
    old_ai = SubForumFactory(edition=last, title_en="AI")
    new_ai = SubForumFactory(edition=this, title_en="AI")
    return forum, last, this, old_ai, new_ai


def test_autocomplete_names_the_sub_forums_edition(admin_client, two_years) -> None:
    _forum, _last, _this, old_ai, new_ai = two_years
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "forum_sessions", "model_name": "session", "field_name": "sub_forum", "term": "AI"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert sorted((r["id"], r["text"]) for r in response.json()["results"]) == sorted(
        [(str(old_ai.pk), "2029 forum · AI"), (str(new_ai.pk), "2030 forum · AI")]
    )


def test_autocomplete_of_sub_forums_costs_the_same_for_one_and_many(
    admin_client, two_years, django_assert_max_num_queries
) -> None:
    _forum, _last, this, _old, _new = two_years
    url = reverse("admin:autocomplete")
    query = {"app_label": "forum_sessions", "model_name": "session", "field_name": "sub_forum", "term": ""}
    admin_client.get(url, query)
    with django_assert_max_num_queries(6) as one:
        admin_client.get(url, query)
    for _ in range(8):
        SubForumFactory(edition=this)
    with django_assert_max_num_queries(len(one)):
        assert len(admin_client.get(url, query).json()["results"]) == 10


def test_session_form_and_filter_name_the_sub_forums_edition(admin_client, two_years) -> None:
    _forum, _last, this, _old_ai, new_ai = two_years
    session = SessionFactory(edition=this, sub_forum=new_ai)
    page = admin_client.get(
        reverse("admin:forum_sessions_session_change", args=[session.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert f'<option value="{new_ai.pk}" selected>2030 forum · AI</option>' in page.text
    listing = admin_client.get(
        reverse("admin:forum_sessions_session_changelist"), {"edition__id__exact": "all"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "2030 forum · AI" in listing.text


def test_membership_sub_forum_picker_names_the_edition_for_an_owner(client, two_years) -> None:
    forum, *_editions_and_sub_forums = two_years
    owner = ForumMembershipFactory(forum=forum, role=ForumTeamRole.OWNER).user
    client.force_login(owner)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "forums", "model_name": "forummembership", "field_name": "sub_forums", "term": "AI"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert {r["text"] for r in response.json()["results"]} == {"2029 forum · AI", "2030 forum · AI"}


# --- the session list ------------------------------------------------------------------------------
def _listed(client, **query) -> set[Session]:
    response = client.get(reverse("admin:forum_sessions_session_changelist"), query)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_session_list_opens_on_the_current_edition(admin_client, two_years) -> None:
    _forum, last, this, _old, _new = two_years
    old = SessionFactory(edition=last, title_en="Opening 2029")
    new = SessionFactory(edition=this, title_en="Opening 2030")

    assert _listed(admin_client) == {new}
    assert _listed(admin_client, edition__id__exact="all") == {old, new}
    assert _listed(admin_client, edition__id__exact=str(last.pk)) == {old}
    assert _listed(admin_client, q="Opening") == {old, new}  # a search looks in every edition

    changelist = admin_client.get(
        reverse("admin:forum_sessions_session_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    ).context["cl"]
    (edition_filter,) = [f for f in changelist.filter_specs if isinstance(f, CurrentEditionFilter)]
    assert [c["display"] for c in edition_filter.choices(changelist) if c["selected"]] == ["2030 forum"]


def test_session_list_opens_on_the_latest_edition_when_all_are_over(admin_client) -> None:
    forum = ForumFactory()
    now = timezone.now()
    older = EditionFactory(forum=forum, start=now - dt.timedelta(days=700))
    latest = EditionFactory(forum=forum, start=now - dt.timedelta(days=300))
    SessionFactory(edition=older)
    recent = SessionFactory(edition=latest)
    assert _listed(admin_client) == {recent}


def test_session_list_opens_on_the_current_edition_of_the_users_forum(client, two_years) -> None:
    forum, _last, this, _old, _new = two_years
    elsewhere = EditionFactory(start=timezone.now() + dt.timedelta(days=10))  # sooner, another forum's
    SessionFactory(edition=elsewhere)
    mine = SessionFactory(edition=this)
    client.force_login(ForumMembershipFactory(forum=forum, role=ForumTeamRole.VIEWER).user)
    assert _listed(client) == {mine}
