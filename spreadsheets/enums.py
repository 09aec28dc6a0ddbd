from django.db import models
from django.utils.translation import gettext_lazy as _


class FileFormat(models.TextChoices):
    CSV = "csv", _("CSV (UTF-8, opens in Excel)")
    XLSX = "xlsx", _("Excel (.xlsx)")


class ExportKind(models.TextChoices):
    REGISTRATIONS = "registrations", _("Registrations")
    DOOR_LISTS = "door_lists", _("Door lists")
    SPEAKERS = "speakers", _("Speakers")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired (file deleted)")


class ImportKind(models.TextChoices):
    SPEAKERS = "speakers", _("Speakers")
    SESSIONS = "sessions", _("Sessions")
    REGISTRATIONS = "registrations", _("Invited registrations (a partner's guest list)")


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed, not imported")
    IMPORTED = "imported", _("Imported")
    # Never confirmed; its file was deleted after SPREADSHEETS_EXPORT_RETENTION_HOURS.
    EXPIRED = "expired", _("Expired (not imported, file deleted)")
