"""Health endpoints for load balancers and orchestrators, in JSON, with no secrets.

``/healthz``: the process answers (no database, no broker: a liveness probe).
``/readyz``: the process can serve — the database answers, every migration of
this code is applied, and the Celery broker accepts a connection. 200 when all
hold, else 503 naming what does not (never a URL, a password or a traceback).
"""

from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app
from config.celery import ensure_filesystem_broker_folders

logger = logging.getLogger(__name__)
_migrated = False  # once true it stays true for this process's code


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("readyz: the database does not answer", exc_info=True)
        return False


def _migrations() -> bool:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrated


def _broker() -> bool:
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    if settings.CELERY_BROKER_URL == settings.EMBEDDED_BROKER_URL:
        try:
            ensure_filesystem_broker_folders()
        except OSError:
            logger.warning("readyz: the embedded broker's folders cannot be made", exc_info=True)
            return False
        return Path(options["data_folder_in"]).is_dir()
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.warning("readyz: the broker does not answer", exc_info=True)
        return False
    return True


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    database = _database()
    checks = {
        "database": "ok" if database else "unreachable",
        "migrations": ("ok" if _migrations() else "pending") if database else "unknown",
        "broker": "ok" if _broker() else "unreachable",
    }
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
