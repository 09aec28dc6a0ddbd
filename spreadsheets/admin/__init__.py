"""Exports in the organiser admin: the registration and speaker-role lists get CSV and
Excel buttons (their admins re-registered with ``ExportChangelistMixin``), the
sub-forum list gets door-list actions (added by ``workspace.admin``), and each
organiser finds their exports under *Exports and imports*."""

from __future__ import annotations

from django.contrib import admin

from attendees.admin import RegistrationAdmin
from attendees.models import Registration
from sessions.admin import SessionSpeakerAdmin
from sessions.models import SessionSpeaker
from spreadsheets.admin.exporting import ExportChangelistMixin
from spreadsheets.admin.imports import ImportBatchAdmin
from spreadsheets.admin.jobs import ExportJobAdmin
from spreadsheets.enums import ExportKind

__all__ = ["ExportJobAdmin", "ExportingRegistrationAdmin", "ExportingSpeakerRoleAdmin", "ImportBatchAdmin"]


class ExportingRegistrationAdmin(ExportChangelistMixin, RegistrationAdmin):
    export_kind = ExportKind.REGISTRATIONS


class ExportingSpeakerRoleAdmin(ExportChangelistMixin, SessionSpeakerAdmin):
    export_kind = ExportKind.SPEAKERS


admin.site.unregister(Registration)
admin.site.register(Registration, ExportingRegistrationAdmin)
admin.site.unregister(SessionSpeaker)
admin.site.register(SessionSpeaker, ExportingSpeakerRoleAdmin)
