"""The staff check-in page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from attendees import services
from attendees.models import Registration, SubForumChoice
from forums.enums import ForumTeamRole
from tests.factories import ForumMembershipFactory, SubForumFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def confirmed(edition, reg_type, sub_forum):
    registration = services.register_attendee(
        edition=edition, registration_type=reg_type, name="Zhao Lei", email="zhao@example.org", sub_forums=[sub_forum]
    )
    return services.confirm_registration(registration=registration)


def _url(edition):
    return reverse("attendees:checkin", args=[edition.slug])


def test_checkin_needs_staff(client, edition, confirmed):
    response = client.post(_url(edition), {"code": confirmed.code})
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    user = get_user_model().objects.create_user("volunteer", password="pw-123456", is_staff=False)
    client.force_login(user)
    assert client.get(_url(edition)).status_code == 302
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is None


def test_checkin_twice_shows_first_time(admin_client, edition, confirmed, sub_forum):
    first = admin_client.post(_url(edition), {"code": confirmed.code.lower()}, **EN).content.decode()
    assert "Welcome — checked in" in first
    assert "Zhao Lei" in first
    assert "Delegate" in first  # the registration type
    assert str(sub_forum.title) in first
    confirmed.refresh_from_db()
    local = confirmed.checked_in_at.astimezone(edition.tz)
    again = admin_client.post(_url(edition), {"code": confirmed.code}, **EN).content.decode()
    assert f"Already checked in at {local:%m-%d %H:%M:%S}" in again


def test_checkin_unknown_code_or_other_edition(admin_client, edition, confirmed):
    other = SubForumFactory().edition
    body = admin_client.post(_url(edition), {"code": "NOPE234567"}, **EN).content.decode()
    assert "No registration with the code NOPE234567." in body
    body = admin_client.post(_url(other), {"code": confirmed.code}, **EN).content.decode()
    assert f"No registration with the code {confirmed.code}." in body


def test_checkin_pending_registration_refused(admin_client, edition, reg_type):
    pending = services.register_attendee(edition=edition, registration_type=reg_type, name="P", email="p@example.org")
    body = admin_client.post(_url(edition), {"code": pending.code}, **EN).content.decode()
    assert "This registration does not admit entry." in body


def test_checkin_door_mode_checks_the_choice(admin_client, edition, confirmed, sub_forum):
    other_door = SubForumFactory(edition=edition, start=sub_forum.end)
    body = admin_client.post(_url(edition), {"code": confirmed.code, "door": other_door.pk}, **EN).content.decode()
    assert "This registration does not admit entry." in body
    body = admin_client.post(_url(edition), {"code": confirmed.code, "door": sub_forum.pk}, **EN).content.decode()
    assert "Welcome — checked in" in body
    assert SubForumChoice.objects.get(registration=confirmed).checked_in_at is not None
    # Door check-in does not count as the main entrance.
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is None


@pytest.mark.parametrize("count", [1, 6])
def test_checkin_lookup_query_count_constant(admin_client, edition, reg_type, count, django_assert_num_queries):
    sub_forums = [
        SubForumFactory(edition=edition, start=edition.start + dt.timedelta(hours=3 * n)) for n in range(count)
    ]
    registration = services.confirm_registration(
        registration=services.register_attendee(
            edition=edition, registration_type=reg_type, name="Q", email="q@example.org", sub_forums=sub_forums
        )
    )
    admin_client.get(_url(edition))  # log-in session warmed up
    # session, user, edition, sub-forums, registration, its choices, check-in update, re-read;
    # the audit entry in the change's transaction: savepoint, entry, its places (the
    # registration's sub-forums: read once, written in one INSERT), release
    with django_assert_num_queries(13):
        response = admin_client.post(_url(edition), {"code": registration.code}, **EN)
    assert response.status_code == 200
    assert response.content.decode().count("Welcome — checked in") == 1


# --- Who may check in: the edition's forum organisers and superusers ---------------


def _member(edition, role=ForumTeamRole.ORGANISER, forum=None):
    return ForumMembershipFactory(forum=forum or edition.forum, role=role).user


def _nobody_checked_in(registration):
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert SubForumChoice.objects.filter(registration=registration, checked_in_at__isnull=False).count() == 0


def test_checkin_other_forums_organiser_gets_404(client, edition, confirmed, sub_forum):
    client.force_login(_member(SubForumFactory().edition))
    assert client.get(_url(edition), **EN).status_code == 404
    assert client.get(_url(edition), {"door": sub_forum.pk}, **EN).status_code == 404
    assert client.post(_url(edition), {"code": confirmed.code}, **EN).status_code == 404
    assert client.post(_url(edition), {"code": confirmed.code, "door": sub_forum.pk}, **EN).status_code == 404
    _nobody_checked_in(confirmed)


def test_checkin_staff_without_team_gets_404(client, edition, confirmed):
    client.force_login(ForumMembershipFactory().user)  # on no team of this edition's forum
    assert client.post(_url(edition), {"code": confirmed.code}, **EN).status_code == 404
    _nobody_checked_in(confirmed)


def test_checkin_viewer_of_the_forum_gets_404(client, edition, confirmed, sub_forum):
    client.force_login(_member(edition, role=ForumTeamRole.VIEWER))
    assert client.get(_url(edition), **EN).status_code == 404
    assert client.post(_url(edition), {"code": confirmed.code}, **EN).status_code == 404
    assert client.post(_url(edition), {"code": confirmed.code, "door": sub_forum.pk}, **EN).status_code == 404
    _nobody_checked_in(confirmed)


def test_checkin_unknown_edition_gets_404_like_a_forbidden_one(client, edition):
    client.force_login(_member(edition))
    assert client.get(reverse("attendees:checkin", args=["no-such-edition"]), **EN).status_code == 404


def test_checkin_by_the_editions_organiser(client, edition, confirmed):
    client.force_login(_member(edition))
    assert client.get(_url(edition), **EN).status_code == 200
    response = client.post(_url(edition), {"code": confirmed.code}, **EN)
    assert response.status_code == 200
    assert "Welcome — checked in" in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is not None


def test_checkin_by_superuser(admin_client, edition, confirmed):
    response = admin_client.post(_url(edition), {"code": confirmed.code}, **EN)
    assert response.status_code == 200
    assert "Welcome — checked in" in response.content.decode()
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is not None


# --- In Chinese ------------------------------------------------------------------


def test_checkin_in_chinese_shows_labels_type_and_sub_forums(admin_client, edition, reg_type, sub_forum):
    registration = services.confirm_registration(
        registration=services.register_attendee(
            edition=edition,
            registration_type=reg_type,
            name="赵磊",
            email="zhaolei@example.org",
            sub_forums=[sub_forum],
        )
    )
    first = admin_client.post(_url(edition), {"code": registration.code}, **ZH).content.decode()
    assert f"签到 · {edition.title_zh_hans}" in first
    assert "欢迎——签到成功" in first
    for label in ("姓名", "报名类别", "可进入", "报名码", "已签到"):  # the facts' labels and the status
        assert f">{label}<" in first
    assert "<dd>赵磊</dd>" in first
    assert f"<dd>{reg_type.name_zh_hans}</dd>" in first
    assert f"<dd>{sub_forum.title_zh_hans}</dd>" in first
    registration.refresh_from_db()
    local = registration.checked_in_at.astimezone(edition.tz)
    again = admin_client.post(_url(edition), {"code": registration.code}, **ZH).content.decode()
    assert f"已于 {local:%m-%d %H:%M:%S} 签到过" in again
    assert "欢迎——签到成功" not in again


# --- A sub-forum's door list -------------------------------------------------------


def _confirm(edition, reg_type, sub_forums, name, **kwargs):
    return services.confirm_registration(
        registration=services.register_attendee(
            edition=edition,
            registration_type=reg_type,
            name=name,
            email=f"{name.lower().replace(' ', '.')}@example.org",
            sub_forums=sub_forums,
            **kwargs,
        )
    )


def _rows(body):
    """The door list's rows, as the cells' text."""
    table = body.split('id="door-list"', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tbody>", 1)[1].split("<tr>")[1:]
    return [[cell.split(">", 1)[1].split("</td>", 1)[0] for cell in row.split("<td")[1:]] for row in rows]


def test_door_list_shows_confirmed_attendees_and_their_door_check_in(client, edition, reg_type, sub_forum):
    sub_forum.capacity = None
    sub_forum.save()
    other_door = SubForumFactory(edition=edition, start=sub_forum.end)
    ann = _confirm(edition, reg_type, [sub_forum], "Ann Lee", organisation="CAST")
    _confirm(edition, reg_type, [sub_forum], "Bo Wang")
    _confirm(edition, reg_type, [other_door], "Cy Elsewhere")
    services.register_attendee(  # pending: not (yet) on the door's list
        edition=edition, registration_type=reg_type, name="Pending Pan", email="pp@example.org", sub_forums=[sub_forum]
    )
    client.force_login(_member(edition))

    body = client.get(_url(edition), {"door": sub_forum.pk}, **EN).content.decode()
    assert "Checked in 0 of 2" in body
    assert '<th scope="col">Full name</th><th scope="col">Organisation</th><th scope="col">Checked in</th>' in body
    assert "Cy Elsewhere" not in body
    assert "Pending Pan" not in body
    assert [row[:2] for row in _rows(body)] == [["Ann Lee", "CAST"], ["Bo Wang", ""]]

    body = client.post(_url(edition), {"code": ann.code, "door": sub_forum.pk}, **EN).content.decode()
    assert "Welcome — checked in" in body
    assert "Checked in 1 of 2" in body
    at = SubForumChoice.objects.get(registration=ann).checked_in_at.astimezone(edition.tz)
    rows = _rows(body)
    assert f"{at:%m-%d %H:%M}</time>" in rows[0][2]
    assert "Not yet" in rows[1][2]


def test_door_list_times_in_the_editions_zone(client, edition, reg_type, sub_forum):
    edition.time_zone = "Europe/Berlin"
    edition.save()
    ann = _confirm(edition, reg_type, [sub_forum], "Ann Lee")
    at = dt.datetime(2030, 7, 6, 12, 34, tzinfo=dt.UTC)
    SubForumChoice.objects.filter(registration=ann).update(checked_in_at=at)
    client.force_login(_member(edition))
    body = client.get(_url(edition), {"door": sub_forum.pk}, **EN).content.decode()
    assert "07-06 14:34</time>" in _rows(body)[0][2]  # CEST, not Shanghai or UTC


def test_door_list_not_shown_at_the_main_entrance_or_to_a_viewer(client, edition, reg_type, sub_forum):
    _confirm(edition, reg_type, [sub_forum], "Ann Lee")
    client.force_login(_member(edition))
    body = client.get(_url(edition), **EN).content.decode()
    assert 'id="door-list"' not in body
    assert "Ann Lee" not in body
    client.force_login(_member(edition, role=ForumTeamRole.VIEWER))
    assert client.get(_url(edition), {"door": sub_forum.pk}, **EN).status_code == 404


@pytest.mark.parametrize("count", [1, 12])
def test_door_list_query_count_constant(client, edition, reg_type, sub_forum, count, django_assert_num_queries):
    sub_forum.capacity = reg_type.capacity = None
    sub_forum.save()
    reg_type.save()
    for n in range(count):
        registration = _confirm(edition, reg_type, [sub_forum], f"Person {n:02d}")
        if n % 2 == 0:
            services.check_in(registration=registration, sub_forum=sub_forum)
    client.force_login(_member(edition))
    client.get(_url(edition))  # log-in session warmed up
    # session, user, forum roles, edition, sub-forums, door list
    with django_assert_num_queries(6):
        response = client.get(_url(edition), {"door": sub_forum.pk}, **EN)
    assert response.status_code == 200
    assert f"Checked in {(count + 1) // 2} of {count}" in response.content.decode()
    assert len(_rows(response.content.decode())) == count
    assert Registration.objects.filter(edition=edition).count() == count
