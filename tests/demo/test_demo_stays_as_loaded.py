"""The demo is what the README says, and stays so: beat's first ticks change nothing."""

from __future__ import annotations

from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from attendees.enums import RegistrationStatus
from attendees.models import Registration, SubForumChoice
from attendees.services import expire_pending_registrations
from notifications.reminders import dispatch_due_reminders

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.django_db
def test_beat_finds_nothing_to_expire_or_promote_right_after_loading() -> None:
    call_command("load_demo", "--no-admin", stdout=StringIO())
    statuses = Counter(Registration.objects.values_list("status", flat=True))
    choices = Counter(SubForumChoice.objects.values_list("status", flat=True))
    assert statuses[RegistrationStatus.PENDING] > 0
    assert expire_pending_registrations() == 0
    dispatch_due_reminders()
    assert Counter(Registration.objects.values_list("status", flat=True)) == statuses
    assert Counter(SubForumChoice.objects.values_list("status", flat=True)) == choices


@pytest.mark.django_db
def test_readme_quotes_what_the_loader_prints() -> None:
    out = StringIO()
    call_command("load_demo", "--no-admin", stdout=out)
    (printed,) = [line for line in out.getvalue().splitlines() if line.startswith("Demo loaded:")]
    assert printed in README.read_text(encoding="utf-8")
