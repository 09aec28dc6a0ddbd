"""Gunicorn's settings for production: ``gunicorn -c config/gunicorn_settings.py config.wsgi``.

Threaded workers (gthread): a request spends part of its time waiting for
PostgreSQL, so a few threads per process keep a core busy; processes scale over
cores (and machines). ``bench/bench_registration.py`` serves with this file.
Environment: ``HOST`` (127.0.0.1: only a reverse proxy on the same machine
reaches it; set ``0.0.0.0`` deliberately when the proxy is elsewhere), ``PORT``
(8000), ``WEB_CONCURRENCY`` (processes; one per core), ``WEB_THREADS``
(threads per process; 4).
"""

import os

bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 1)
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
