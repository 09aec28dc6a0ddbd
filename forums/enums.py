from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    ACADEMY = "academy", _("Academy")
    UNIVERSITY = "university", _("University")
    INSTITUTE = "institute", _("Research institute")
    COMPANY = "company", _("Company")
    GOVERNMENT = "government", _("Government body")
    MEDIA = "media", _("News site or media")
    OTHER = "other", _("Other")


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    CLOSED = "closed", _("Closed")
    ARCHIVED = "archived", _("Archived")


class OrganisingRole(models.TextChoices):
    INITIATOR = "initiator", _("Initiator")
    # "Host" is also a speaker's role (主持人) in sessions.enums; the context keeps
    # the two translations apart (主办单位 here).
    HOST = "host", pgettext_lazy("organising role", "Host")
    CO_HOST = "co_host", _("Co-host")
    ORGANISER = "organiser", _("Organiser")
    SUPPORTER = "supporter", _("Supporter")


class ForumTeamRole(models.TextChoices):
    """What a member of a forum's team may do (``forums.permissions`` spells it out)."""

    OWNER = "owner", _("Owner (everything, and manages the team)")
    ORGANISER = "organiser", _("Organiser (editions, agenda, registrations, mail)")
    DESK = "desk", _("Registration desk (sees registrations, checks people in)")
    VIEWER = "viewer", _("Viewer (read only)")
    HOST = "host", _("Sub-forum host (only its sub-forums' sessions and attendees)")
