"""The organiser's actions on registrations and the beat task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import timezone, translation

from attendees import services
from attendees.admin import RegistrationAdmin
from attendees.admin import actions as admin_actions
from attendees.enums import ChoiceStatus, RegistrationStatus
from attendees.models import Registration
from attendees.tasks import expire_pending_registrations
from forums.models import SubForum

pytestmark = pytest.mark.django_db


class FakeModelAdmin(RegistrationAdmin):
    """The registration admin, keeping what it tells the organiser."""

    def __init__(self) -> None:
        super().__init__(Registration, admin.site)
        self.messages: list[str] = []

    def message_user(self, request, message, level=None) -> None:
        self.messages.append(str(message))


@pytest.fixture
def request_(superuser):
    request = RequestFactory().post("/admin/")
    request.user = superuser
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_approve_and_reject_actions_report_each_refusal(register, reg_type, request_, mailoutbox):
    reg_type.requires_approval = True
    reg_type.save()
    waiting = services.confirm_registration(registration=register(1, language="en"))
    pending = register(2)
    modeladmin = FakeModelAdmin()
    with translation.override("en"):
        admin_actions.approve_registrations(
            modeladmin, request_, Registration.objects.filter(pk__in=[waiting.pk, pending.pk])
        )
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert modeladmin.messages[-1] == "1 of 2 registrations updated."
    assert modeladmin.messages[0].startswith(pending.code)
    admin_actions.reject_registrations(modeladmin, request_, Registration.objects.filter(pk=pending.pk))
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.REJECTED


def test_save_and_promote_keeps_places_and_promotes(register, sub_forum):
    for n in range(4):
        register(n, sub_forums=[sub_forum])
    stale = SubForum.objects.get(pk=sub_forum.pk)
    stale.seats_taken = 0  # what an edit form loaded long ago would write back
    stale.capacity = 3
    assert services.save_and_promote(obj=stale, created=False) == 1
    sub_forum.refresh_from_db()
    assert (sub_forum.capacity, sub_forum.seats_taken) == (3, 3)


def test_promotion_email_in_attendee_language_and_its_link_works(
    client, register, reg_type, django_capture_on_commit_callbacks, mailoutbox
):
    reg_type.capacity = 1
    reg_type.save()
    holder = register(1)
    waiting = register(2, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=holder)
    # The sender sends everything due: first the waiting-list notice queued at registration.
    promoted = [m for m in mailoutbox if m.to == ["person2@example.org"]]
    assert [m.subject for m in promoted] == [
        f"You are on the waiting list for {waiting.edition.title_en}",
        f"A place at {waiting.edition.title_en} is now yours",
    ]
    link = promoted[1].body.split("http://127.0.0.1:8000", 2)[1].split()[0]
    assert link.startswith("/r/confirm/")
    assert client.get(link).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_rejection_email_in_chinese(register, reg_type, django_capture_on_commit_callbacks, mailoutbox):
    reg_type.requires_approval = True
    reg_type.save()
    registration = services.confirm_registration(registration=register(1))
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_registration(registration=registration)
    assert mailoutbox[-1].to == ["person1@example.org"]
    assert mailoutbox[-1].subject == f"关于您的{registration.edition.title_zh_hans}报名"
    assert "很抱歉" in mailoutbox[-1].body


def test_expire_task_frees_places_and_is_idempotent(register, reg_type, sub_forum):
    registration = register(1, sub_forums=[sub_forum])
    waiting_choice_holder = register(2, sub_forums=[sub_forum])
    third = register(3, sub_forums=[sub_forum])
    assert third.choices.get().status == ChoiceStatus.WAITLISTED
    Registration.objects.filter(pk=registration.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert expire_pending_registrations() == 1
    assert expire_pending_registrations() == 0
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.EXPIRED
    assert third.choices.get().status == ChoiceStatus.CONFIRMED
    assert waiting_choice_holder.choices.get().status == ChoiceStatus.CONFIRMED
