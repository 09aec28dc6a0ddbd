"""factory_boy factories for the domain model. Times are aware, in the edition's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import factory
from django.contrib.auth import get_user_model

from attendees.enums import RegistrationStatus
from attendees.models import Registration, RegistrationType, SubForumChoice
from forums.enums import EditionStatus, OrganisationKind, OrganisingRole
from forums.models import Edition, EditionOrganisation, Forum, Organisation, Room, SubForum, Venue
from sessions.enums import SessionKind, SpeakerRole
from sessions.models import Session, SessionSpeaker, Speaker

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
EDITION_START = dt.datetime(2030, 7, 6, 9, 0, tzinfo=SHANGHAI)


class SuperUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"admin{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    is_superuser = True
    password = factory.django.Password("admin-password")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Association {n}")
    name_en = factory.LazyAttribute(lambda o: o.name)
    name_zh_hans = factory.Sequence(lambda n: f"科学技术协会{n}")
    kind = OrganisationKind.ASSOCIATION


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    slug = factory.Sequence(lambda n: f"forum-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"科技论坛{n}")
    name_en = factory.Sequence(lambda n: f"Science Forum {n}")
    first_held_year = 2004
    initiator = factory.SubFactory(OrganisationFactory)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    slug = factory.Sequence(lambda n: f"venue-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"国际会议中心{n}")
    name_en = factory.Sequence(lambda n: f"Convention Centre {n}")
    city_zh_hans = "芜湖"
    city_en = "Wuhu"


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    venue = factory.SubFactory(VenueFactory)
    name_zh_hans = factory.Sequence(lambda n: f"{n}号厅")
    name_en = factory.Sequence(lambda n: f"Hall {n}")
    capacity = 300


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    forum = factory.SubFactory(ForumFactory)
    number = factory.Sequence(lambda n: n + 1)
    year = factory.Sequence(lambda n: 2030 + n)
    slug = factory.Sequence(lambda n: f"edition-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"第{n + 1}届科技论坛")
    title_en = factory.Sequence(lambda n: f"The {n + 1}th Science Forum")
    theme_zh_hans = "创新驱动发展"
    theme_en = "Innovation-driven development"
    host_city_zh_hans = "芜湖"
    host_city_en = "Wuhu"
    venue = factory.SubFactory(VenueFactory)
    start = EDITION_START
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(days=2))
    status = EditionStatus.REGISTRATION_OPEN
    registration_opens = factory.LazyAttribute(lambda o: o.start - dt.timedelta(days=3650))
    registration_closes = factory.LazyAttribute(lambda o: o.start - dt.timedelta(hours=1))


class EditionOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EditionOrganisation

    edition = factory.SubFactory(EditionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisingRole.HOST


class SubForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubForum

    edition = factory.SubFactory(EditionFactory)
    slug = factory.Sequence(lambda n: f"sub-forum-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"分论坛{n}")
    title_en = factory.Sequence(lambda n: f"Sub-forum {n}")
    room = factory.SubFactory(RoomFactory, venue=factory.SelfAttribute("..edition.venue"))
    start = factory.LazyAttribute(lambda o: o.edition.start + dt.timedelta(hours=5))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=3))
    capacity = 100


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    slug = factory.Sequence(lambda n: f"speaker-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"张{n}")
    name_en = factory.Sequence(lambda n: f"Zhang {n}")
    honorific_zh_hans = "中国工程院院士"
    honorific_en = "Academician of the Chinese Academy of Engineering"
    email = factory.Sequence(lambda n: f"speaker{n}@example.org")
    # Speakers who agreed to show their biography and photo; tests of consent say otherwise.
    publish_biography = True
    publish_photo = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    edition = factory.SubFactory(EditionFactory)
    title_zh_hans = factory.Sequence(lambda n: f"主旨报告{n}")
    title_en = factory.Sequence(lambda n: f"Keynote {n}")
    kind = SessionKind.KEYNOTE
    start = factory.LazyAttribute(lambda o: o.edition.start + dt.timedelta(hours=1))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(minutes=30))
    room = factory.SubFactory(RoomFactory, venue=factory.SelfAttribute("..edition.venue"))


class SessionSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSpeaker

    session = factory.SubFactory(SessionFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = SpeakerRole.SPEAKER


class RegistrationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationType

    edition = factory.SubFactory(EditionFactory)
    slug = factory.Sequence(lambda n: f"type-{n}")
    name_zh_hans = "参会代表"
    name_en = "Delegate"
    capacity = 500


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    edition = factory.SubFactory(EditionFactory)
    registration_type = factory.SubFactory(RegistrationTypeFactory, edition=factory.SelfAttribute("..edition"))
    name = factory.Sequence(lambda n: f"参会者{n}")
    email = factory.Sequence(lambda n: f"attendee{n}@example.org")
    status = RegistrationStatus.CONFIRMED


class SubForumChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubForumChoice

    registration = factory.SubFactory(RegistrationFactory)
    sub_forum = factory.SubFactory(SubForumFactory, edition=factory.SelfAttribute("..registration.edition"))


# --- Organiser admin: staff users on forum teams, published agenda versions ------
# Imported here rather than at the top so parallel branches appending factories merge cleanly.
from forums.enums import ForumTeamRole  # noqa: E402
from forums.models import ForumMembership  # noqa: E402
from sessions.models import AgendaVersion  # noqa: E402


class StaffUserFactory(factory.django.DjangoModelFactory):
    """A staff user who is no superuser: what they see depends on their forum teams."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"organiser{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    is_staff = True
    is_superuser = False
    password = factory.django.Password("organiser-password")


class ForumMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForumMembership

    forum = factory.SubFactory(ForumFactory)
    user = factory.SubFactory(StaffUserFactory)
    role = ForumTeamRole.ORGANISER


class AgendaVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaVersion

    edition = factory.SubFactory(EditionFactory)
    number = factory.Sequence(lambda n: n + 1)
    note = "Agenda published"
    snapshot = factory.LazyFunction(dict)
