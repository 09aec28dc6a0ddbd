"""The demo loader: idempotent, and the demo it loads is the forum the issue describes."""

from __future__ import annotations

import zoneinfo
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F

from attendees.enums import RegistrationStatus
from attendees.models import SubForumChoice
from demo.loader import session_guid
from forums.models import Edition
from sessions.models import Session

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
HOLDING = [
    RegistrationStatus.PENDING,
    RegistrationStatus.AWAITING_APPROVAL,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.CHECKED_IN,
]


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, set[int]]:
    """The primary keys of every row of every model: equal snapshots, same rows."""
    return {model._meta.label: set(model.objects.values_list("pk", flat=True)) for model in apps.get_models()}


def domain_rows() -> dict[str, list[dict]]:
    """Every column of every row of the domain apps, timestamps included."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for label in ("forums", "forum_sessions", "attendees")
        for model in apps.get_app_config(label).get_models()
    }


def test_load_demo_twice_leaves_every_table_as_it_was() -> None:
    load_demo()
    first, rows = snapshot(), domain_rows()

    load_demo()

    assert snapshot() == first
    # Nothing is rewritten either: updated_at, which agenda versions and the API's
    # "changed since" filter read, keeps its value.
    assert domain_rows() == rows
    assert len(first["forum_sessions.Session"]) > 30


def test_load_demo_restores_an_edited_row_and_touches_nothing_else() -> None:
    load_demo()
    session = Session.objects.get(guid=session_guid("yrd-st-forum-2022", "keynote-1"))
    Session.objects.filter(pk=session.pk).update(title_en="Edited")
    others = list(Session.objects.exclude(pk=session.pk).order_by("pk").values("pk", "updated_at"))

    load_demo()

    session.refresh_from_db()
    assert session.title_en == "Intelligent manufacturing and the Delta's supply chains"
    assert list(Session.objects.exclude(pk=session.pk).order_by("pk").values("pk", "updated_at")) == others


def test_load_demo_creates_the_admin_and_prints_the_login() -> None:
    output = load_demo()

    admin = get_user_model().objects.get(username="admin")
    assert (admin.is_staff, admin.is_superuser, admin.check_password("agora-demo")) == (True, True, True)
    assert "http://127.0.0.1:8000/admin/" in output
    assert "login: admin / agora-demo" in output


def test_load_demo_never_resets_an_existing_admin_password() -> None:
    load_demo()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("chosen-by-the-organiser")
    admin.save()

    output = load_demo()

    admin.refresh_from_db()
    assert admin.check_password("chosen-by-the-organiser")
    assert "agora-demo" not in output
    assert "password unchanged" in output


def test_load_demo_without_admin() -> None:
    load_demo("--no-admin")

    assert not get_user_model().objects.exists()


def test_registrations_are_spread_over_the_weeks_before_each_opening() -> None:
    load_demo("--no-admin")
    for edition in Edition.objects.filter(registrations__isnull=False).distinct():
        made = sorted(edition.registrations.values_list("created_at", flat=True))
        assert made[-1] < edition.start, edition
        days_before = {(edition.start - moment).days for moment in made}
        weeks_before = {days // 7 for days in days_before}
        assert len(weeks_before) >= min(len(made), 4), (edition, sorted(days_before))
        assert max(days_before) >= 30, edition
        confirmed = edition.registrations.filter(confirmed_at__isnull=False)
        assert all(r.confirmed_at >= r.created_at for r in confirmed)
    # Each sub-forum choice was made with its registration.
    assert not SubForumChoice.objects.exclude(created_at=F("registration__created_at")).exists()
