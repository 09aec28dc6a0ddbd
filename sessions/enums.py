from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    """The vocabulary of a Chinese forum programme, with its English names."""

    OPENING = "opening", _("Opening ceremony")
    ADDRESS = "address", _("Address")
    KEYNOTE = "keynote", _("Keynote")
    INVITED_TALK = "invited_talk", _("Invited talk")
    TALK = "talk", _("Talk")
    EXPERIENCE_SHARING = "experience_sharing", _("Experience sharing")
    ROUND_TABLE = "round_table", _("Round-table dialogue")
    PANEL = "panel", _("Panel")
    CEREMONY = "ceremony", _("Ceremony")
    BREAK = "break", _("Break")
    GROUP_PHOTO = "group_photo", _("Group photo")
    CLOSING = "closing", _("Closing")


class SpeakerRole(models.TextChoices):
    SPEAKER = "speaker", _("Speaker")
    MODERATOR = "moderator", _("Moderator")
    PANELIST = "panelist", _("Panelist")
    HOST = "host", _("Host")


class Honour(models.TextChoices):
    NONE = "", _("None")
    ACADEMICIAN = "academician", _("Academician")
    FELLOW = "fellow", _("Fellow")


class SessionLanguage(models.TextChoices):
    CHINESE = "zh-hans", _("Chinese")
    ENGLISH = "en", _("English")
    BILINGUAL = "zh-hans+en", _("Chinese and English")
