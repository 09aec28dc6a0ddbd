"""The demo the loader builds is the forum the issue describes. The demo is
loaded once for the module, in a transaction rolled back at its end; each test
runs in its own nested transaction on top, so tests that write stay apart."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

from django.db.models import Count, Q
from django.utils import timezone, translation

from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from forums.enums import EditionStatus, OrganisingRole
from forums.models import Edition, SubForum
from forums.services import create_edition_from_previous
from sessions.enums import SessionKind, SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
HOLDING = [
    RegistrationStatus.PENDING,
    RegistrationStatus.AWAITING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.CHECKED_IN,
]


def test_demo_edition_is_the_19th_forum_in_wuhu(demo: Edition) -> None:
    assert (demo.forum.name_zh_hans, demo.forum.name_en) == (
        "长三角科技论坛",
        "Yangtze River Delta Science and Technology Forum",
    )
    assert demo.forum.first_held_year == 2004
    assert demo.forum.initiator.name_zh_hans == "浙江省科学技术协会"
    assert (demo.number, demo.year, demo.title_zh_hans) == (19, 2022, "第十九届长三角科技论坛")
    assert (demo.host_city_zh_hans, demo.host_city_en, demo.time_zone) == ("芜湖", "Wuhu", "Asia/Shanghai")
    assert demo.start == dt.datetime(2022, 7, 6, 8, 30, tzinfo=SHANGHAI)
    assert demo.venue.rooms.count() == 6
    # Registration is open around now although the programme is 2022's (see demo/data/structure.py).
    assert demo.status == EditionStatus.REGISTRATION_OPEN
    assert demo.registration_opens < timezone.now() < demo.registration_closes


def test_demo_edition_has_every_organising_role(demo: Edition) -> None:
    roles = {
        role: sorted(demo.organising_roles.filter(role=role).values_list("organisation__slug", flat=True))
        for role in OrganisingRole.values
    }

    assert roles["initiator"] == ["zast"]
    assert roles["host"] == ["ahast", "jsast", "sast", "zast"]
    assert roles["co_host"] == ["wuhu-government"]
    assert roles["organiser"]
    assert roles["supporter"]


def test_demo_sub_forums_some_in_parallel_some_not(demo: Edition) -> None:
    sub_forums = {s.slug: s for s in demo.sub_forums.all()}

    assert sub_forums["academician-forum"].title_zh_hans == "长三角一体化院士论坛"
    assert sub_forums["academician-forum"].title_en == "Yangtze River Delta Integrated Academician Forum"
    assert sub_forums["kczg-service"].title_zh_hans == "“科创中国”服务专题论坛"
    assert len(sub_forums) >= 6
    overlapping = {
        frozenset((a.slug, b.slug))
        for a, b in itertools.combinations(sub_forums.values(), 2)
        if a.start < b.end and b.start < a.end
    }
    assert frozenset(("academician-forum", "kczg-service")) in overlapping
    assert frozenset(("ai", "nev")) in overlapping
    assert frozenset(("academician-forum", "ai")) not in overlapping
    assert all(s.capacity for s in sub_forums.values() if s.requires_registration)


def test_demo_service_forum_has_four_representatives_sharing_experience(demo: Edition) -> None:
    sharing = Session.objects.filter(sub_forum__slug="kczg-service", edition=demo, kind=SessionKind.EXPERIENCE_SHARING)

    speakers = SessionSpeaker.objects.filter(session__in=sharing, role=SpeakerRole.SPEAKER)
    assert sharing.count() == 4
    assert speakers.values("speaker").distinct().count() == 4


def test_demo_plenary_morning(demo: Edition) -> None:
    plenary = Session.objects.filter(edition=demo, sub_forum=None, start__date=dt.date(2022, 7, 6))

    kinds = list(plenary.order_by("start").values_list("kind", flat=True))
    assert kinds == ["opening", "address", "group_photo", "break", "keynote", "keynote", "keynote", "round_table"]
    keynote_speakers = Speaker.objects.filter(roles__session__in=plenary.filter(kind="keynote"), roles__role="speaker")
    assert {s.honour for s in keynote_speakers} == {"academician"}
    round_table = plenary.get(kind=SessionKind.ROUND_TABLE)
    roles = list(round_table.speaker_roles.values_list("role", flat=True))
    assert roles == ["moderator", "panelist", "panelist", "panelist", "panelist"]
    assert plenary.get(kind=SessionKind.OPENING).speaker_roles.get().role == SpeakerRole.HOST


def test_demo_speakers_read_title_first_in_both_languages(demo: Edition) -> None:
    speaker = Speaker.objects.get(slug="lin-zhiyuan")

    with translation.override("zh-hans"):
        chinese = speaker.public_line
    with translation.override("en"):
        english = speaker.public_line

    assert chinese == "中国工程院院士、长三角先进制造产业联盟副理事长 林知远"
    assert english == (
        "Academician of the Chinese Academy of Engineering, "
        "Vice Chairman of the Yangtze River Delta Advanced Manufacturing Alliance, Lin Zhiyuan"
    )
    assert all(s.biography_zh_hans and s.biography_en and s.position_en for s in Speaker.objects.all())


def test_demo_18th_edition_reuses_speaker_profiles(demo: Edition) -> None:
    archived = Edition.objects.get(slug="yrd-st-forum-2021")
    shared = Speaker.objects.filter(sessions__edition=archived).filter(
        pk__in=Speaker.objects.filter(sessions__edition=demo).values("pk")
    )

    assert (archived.number, archived.status) == (18, EditionStatus.ARCHIVED)
    assert {"lin-zhiyuan", "shen-yuehua"} <= set(shared.values_list("slug", flat=True))
    assert Speaker.objects.filter(slug="lin-zhiyuan").count() == 1


def test_demo_agenda_is_consistent(demo: Edition) -> None:
    sessions = list(Session.objects.select_related("edition", "sub_forum", "room"))

    for session in sessions:
        edition = session.edition
        assert edition.start <= session.start < session.end <= edition.end, session
        if session.sub_forum:
            assert session.sub_forum.start <= session.start < session.end <= session.sub_forum.end, session
            assert session.room == session.sub_forum.room, session
    for a, b in itertools.combinations(sessions, 2):
        assert not (a.room == b.room and a.start < b.end and b.start < a.end), (a, b)


def test_demo_place_counters_equal_the_places_held(demo: Edition) -> None:
    types = RegistrationType.objects.annotate(held=Count("registrations", filter=Q(registrations__status__in=HOLDING)))
    sub_forums = SubForum.objects.annotate(
        held=Count("choices", filter=Q(choices__status="confirmed", choices__registration__status__in=HOLDING))
    )

    assert [(t.slug, t.seats_taken) for t in types] == [(t.slug, t.held) for t in types]
    assert [(s.slug, s.seats_taken) for s in sub_forums] == [(s.slug, s.held) for s in sub_forums]
    assert Registration.objects.filter(edition=demo).count() == 41


def test_demo_shows_full_places_with_waiting_lists(demo: Edition) -> None:
    ai = demo.sub_forums.get(slug="ai")
    press = demo.registration_types.get(slug="press")

    assert (ai.seats_taken, ai.capacity) == (15, 15)
    assert SubForumChoice.objects.filter(sub_forum=ai, status=ChoiceStatus.WAITLISTED).count() == 3
    assert (press.seats_taken, press.capacity) == (6, 6)
    assert press.registrations.filter(status=RegistrationStatus.WAITLISTED).count() == 2
    assert demo.registration_types.get(slug="student").requires_approval
    statuses = set(Registration.objects.filter(edition=demo).values_list("status", flat=True))
    assert statuses == set(RegistrationStatus.values)


def test_demo_edition_carries_over_to_a_20th(demo: Edition) -> None:
    edition = create_edition_from_previous(previous=demo)

    assert (edition.title_zh_hans, edition.title_en) == (
        "第二十届长三角科技论坛",
        "The 20th Yangtze River Delta Science and Technology Forum",
    )
    assert edition.start == dt.datetime(2023, 7, 6, 8, 30, tzinfo=SHANGHAI)
    assert edition.sub_forums.count() == demo.sub_forums.count()
    assert not edition.sub_forums.filter(seats_taken__gt=0).exists()
