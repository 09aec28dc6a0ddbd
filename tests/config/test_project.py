"""Project-wide guards: the sessions label trap, complete migrations, a clean deploy check."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.processes import production_environment, run_manage


def relations_to(app_label: str) -> list[str]:
    """Every relation field (FK, one-to-one, many-to-many, and their through tables)
    of every installed model whose target lives in the app labelled ``app_label``."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and field.concrete and field.related_model is not None:
                target = field.related_model
                if not isinstance(target, str) and target._meta.app_label == app_label:
                    found.append(f"{model._meta.label}.{field.name} -> {target._meta.label}")
    return sorted(found)


def test_no_relation_targets_django_contrib_sessions() -> None:
    """``"sessions.Session"`` silently means Django's session table (label ``sessions``);
    the agenda's sessions are ``forum_sessions.Session``."""
    assert apps.get_app_config("sessions").name == "django.contrib.sessions"
    assert relations_to("sessions") == []
    # The guard looks in the right place: the agenda's relations are found.
    assert "forum_sessions.SessionSpeaker.session -> forum_sessions.Session" in relations_to("forum_sessions")


@pytest.mark.django_db
def test_migrations_are_complete() -> None:
    # Exits with SystemExit(1) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def run_deploy_check(database_url: str) -> subprocess.CompletedProcess[str]:
    return run_manage(production_environment(database_url), "check", "--deploy", "--fail-level", "WARNING")


def test_check_deploy_is_clean_with_production_settings() -> None:
    # The check connects to no database, so a PostgreSQL URL is enough even when
    # the suite itself runs on SQLite; under CI it is the real one.
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        url = "postgres://agora@127.0.0.1:5432/agora"

    result = run_deploy_check(url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_warns_about_sqlite_in_production(tmp_path: Path) -> None:
    result = run_deploy_check(f"sqlite:///{tmp_path / 'db.sqlite3'}")

    assert result.returncode == 1
    issues = [line.split(")")[0] + ")" for line in result.stderr.splitlines() if line.startswith("?: (")]
    assert issues == ["?: (agora.W001)"]


@pytest.mark.parametrize(("value", "expected"), [(None, 5), ("false", None)])
def test_prepared_statements_can_be_turned_off_for_a_pooler(value: str | None, expected: int | None) -> None:
    env = production_environment("postgres://agora@127.0.0.1:5432/agora")
    env.pop("DB_PREPARED_STATEMENTS", None)
    if value is not None:
        env["DB_PREPARED_STATEMENTS"] = value
    result = run_manage(env, "diffsettings")
    assert f"'prepare_threshold': {expected}" in result.stdout, result.stdout + result.stderr
