"""Changes made in the admin are recorded field by field; the history page and the
audit log show them, each member seeing only what their membership covers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from attendees import services
from audit import services as audit
from audit.enums import Verb
from audit.models import AuditEntry
from forums.enums import ForumTeamRole
from tests.admin_post import changeform_data
from tests.factories import (
    EditionFactory,
    ForumMembershipFactory,
    RegistrationFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    StaffUserFactory,
    SubForumChoiceFactory,
    SubForumFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _history_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


LOG = reverse("admin:audit_auditentry_changelist")


def test_an_admin_edit_records_each_changed_field_old_and_new(client) -> None:
    edition = EditionFactory(host_city_en="Wuhu")
    user = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.ORGANISER, user__username="zhao").user
    client.force_login(user)
    data = changeform_data(client.get(_change_url(edition)))
    data["host_city_en"] = "Hefei"
    data["max_subforum_choices"] = 3
    response = client.post(_change_url(edition), data)
    assert response.status_code == 302
    entry = AuditEntry.objects.get(verb=Verb.CHANGED, object_id=str(edition.pk))
    assert entry.actor == user
    assert entry.changes == {"host_city_en": ["Wuhu", "Hefei"], "max_subforum_choices": [None, 3]}

    page = client.get(_history_url(edition), **EN).content.decode()
    assert "zhao" in page
    assert "<del>Wuhu</del> → <ins>Hefei</ins>" in page
    assert "Changed" in page
    page_zh = client.get(_history_url(edition), **ZH).content.decode()
    assert "已修改" in page_zh


def test_a_sub_forum_changed_in_the_editions_inline_gets_its_own_entry(admin_client) -> None:
    sub_forum = SubForumFactory(capacity=100)
    data = changeform_data(admin_client.get(_change_url(sub_forum.edition)))
    prefix = next(key[: -len("-TOTAL_FORMS")] for key in data if key.endswith("-TOTAL_FORMS") and "sub_forum" in key)
    index = next(i for i in range(10) if str(data.get(f"{prefix}-{i}-id")) == str(sub_forum.pk))
    data[f"{prefix}-{index}-capacity"] = 150
    assert admin_client.post(_change_url(sub_forum.edition), data).status_code == 302
    entry = AuditEntry.objects.get(verb=Verb.CHANGED, object_id=str(sub_forum.pk))
    assert entry.changes == {"capacity": [100, 150]}
    assert [(p.edition_id, p.sub_forum_id) for p in entry.places.all()] == [(sub_forum.edition_id, sub_forum.pk)]


def test_a_speaker_change_and_a_session_deletion_are_recorded(admin_client) -> None:
    role = SessionSpeakerFactory(speaker=SpeakerFactory(affiliation_en="CAS"))
    speaker, session = role.speaker, role.session
    data = changeform_data(admin_client.get(_change_url(speaker)))
    data["affiliation_en"] = "Tsinghua University"
    assert admin_client.post(_change_url(speaker), data).status_code == 302
    entry = AuditEntry.objects.get(verb=Verb.CHANGED, object_id=str(speaker.pk))
    assert entry.changes == {"affiliation_en": ["CAS", "Tsinghua University"]}
    # Placed where the speaker speaks, so that edition's team sees it.
    assert [p.edition_id for p in entry.places.all()] == [session.edition_id]

    lone = SessionFactory()
    url = reverse("admin:forum_sessions_session_delete", args=[lone.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    deleted = AuditEntry.objects.get(verb=Verb.DELETED, object_repr=str(lone))
    assert [p.edition_id for p in deleted.places.all()] == [lone.edition_id]


def test_registration_history_shows_service_actions_and_creation(admin_client) -> None:
    registration = RegistrationFactory(name="Chen Jing")
    organiser = SuperUserFactory(username="desk.wu")
    services.check_in(registration=registration, actor=organiser)
    page = admin_client.get(_history_url(registration), **EN).content.decode()
    assert "desk.wu" in page
    assert "Checked in" in page
    assert "<del>Confirmed</del> → <ins>Checked in</ins>" in page
    assert "Created (outside the admin)" in page


# --- the log: scoped by role, filtered ---------------------------------------------


@pytest.fixture
def two_forums():
    edition = EditionFactory()
    hosted, other = SubForumFactory(edition=edition), SubForumFactory(edition=edition)
    elsewhere = EditionFactory()
    actor = SuperUserFactory(username="root")
    for obj in (edition, hosted, other, elsewhere):
        audit.record(actor=actor, verb=Verb.CHANGED, obj=obj, changes={"title": ("a", "b")})
    on_hosted = RegistrationFactory(edition=edition, name="At the hosted one")
    SubForumChoiceFactory(registration=on_hosted, sub_forum=hosted)
    audit.record(actor=actor, verb=Verb.APPROVED, obj=on_hosted)
    return edition, hosted, other, elsewhere, on_hosted


def _listed(client) -> set[str]:
    response = client.get(LOG, **EN)
    assert response.status_code == 200
    return {(entry.content_type.model, entry.object_id) for entry in response.context["cl"].result_list}


def _keys(*objects) -> set[tuple[str, str]]:
    return {(obj._meta.model_name, str(obj.pk)) for obj in objects}


def test_an_organiser_sees_their_forums_entries_only(client, two_forums) -> None:
    edition, hosted, other, _elsewhere, on_hosted = two_forums
    client.force_login(ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.ORGANISER).user)
    assert _listed(client) == _keys(edition, hosted, other, on_hosted)


def test_a_host_sees_only_its_sub_forums_entries(client, two_forums) -> None:
    edition, hosted, _other, _elsewhere, on_hosted = two_forums
    membership = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.HOST, edition=edition)
    membership.sub_forums.set([hosted])
    client.force_login(membership.user)
    assert _listed(client) == _keys(hosted, on_hosted)


def test_staff_on_no_team_sees_no_log(client, two_forums) -> None:
    client.force_login(StaffUserFactory())
    assert client.get(LOG).status_code == 403


def test_the_log_filters_by_edition_actor_verb_and_date(admin_client, two_forums) -> None:
    edition, _hosted, _other, elsewhere, on_hosted = two_forums
    someone = StaffUserFactory(username="someone")
    audit.record(actor=someone, verb=Verb.EXPORTED, obj=edition, detail={"rows": 3})
    response = admin_client.get(LOG, {"edition": elsewhere.pk}, **EN)
    assert [e.object_id for e in response.context["cl"].result_list] == [str(elsewhere.pk)]
    response = admin_client.get(LOG, {"actor": someone.pk}, **EN)
    assert [e.verb for e in response.context["cl"].result_list] == [Verb.EXPORTED]
    response = admin_client.get(LOG, {"verb__exact": Verb.APPROVED}, **EN)
    assert [e.object_id for e in response.context["cl"].result_list] == [str(on_hosted.pk)]
    response = admin_client.get(
        LOG, {"created_at__gte": "2000-01-01 00:00:00+00:00", "created_at__lt": "2000-01-02 00:00:00+00:00"}, **EN
    )
    assert list(response.context["cl"].result_list) == []
    page = admin_client.get(LOG, **ZH).content.decode()
    assert "审计日志" in page


def test_the_log_is_read_only_even_for_superusers(admin_client, two_forums) -> None:
    entry = AuditEntry.objects.first()
    assert (
        admin_client.post(reverse("admin:audit_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("count", [1, 8])
def test_the_log_reads_in_constant_queries(client, count, django_assert_max_num_queries) -> None:
    edition = EditionFactory()
    user = ForumMembershipFactory(forum=edition.forum, role=ForumTeamRole.ORGANISER).user
    for _n in range(count):
        registration = RegistrationFactory(edition=edition)
        audit.record(
            actor=user, verb=Verb.CHECKED_IN, obj=registration, changes={"status": ("confirmed", "checked_in")}
        )
    client.force_login(user)
    client.get(LOG)
    with django_assert_max_num_queries(14):
        response = client.get(LOG, **EN)
    assert len(response.context["cl"].result_list) == count
