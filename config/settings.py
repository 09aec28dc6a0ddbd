"""Agora settings, read from the environment once, top to bottom (README lists the variables).

With nothing set the system runs on SQLite with an embedded (filesystem)
Celery broker; ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and
Redis. Every setting the code reads is defined here, once, through the typed
readers of ``config.env``; ``config.checks`` validates the values at start.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url

from config.env import DEVELOPMENT_SECRET_KEY, env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("AGORA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", default=False)
# Without SECRET_KEY a development key is used; `check --deploy` refuses it
# (config/checks.py), so production cannot run on it by accident.
SECRET_KEY = env("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, as the library requires
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "config.apps.AxesConfig",  # django-axes, named in the organiser's language
    "captcha",
    "csp",
    # Ours, from the bottom of the house up (docs/architecture.md).
    "config.apps.AgoraConfig",
    "audit",
    "outbox",
    "forums",
    "sessions.apps.SessionsConfig",
    "attendees",
    "screens",
    "speakers",
    "notifications",
    "partners",
    "documents",
    "spreadsheets",
    "workspace",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A rate-limited view answers with RATELIMIT_VIEW (429), not a bare 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
_DATABASE = dj_database_url.parse(
    env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
    conn_max_age=envint("DB_CONN_MAX_AGE", 60),
    conn_health_checks=True,
)
if _DATABASE["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server, worker and beat share one file.
    _DATABASE["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    _DATABASE["CONN_MAX_AGE"] = 0
elif _DATABASE["ENGINE"] == "django.db.backends.postgresql":
    # Django's own queries bind their parameters in the client and are never
    # prepared; only the few hot statements run through
    # ``config.sql.server_bound_cursor`` are, after psycopg's usual 5 runs.
    # Off (DB_PREPARED_STATEMENTS=false) for a pooler that cannot keep them.
    _DATABASE.setdefault("OPTIONS", {})["prepare_threshold"] = 5 if envbool("DB_PREPARED_STATEMENTS", True) else None
DATABASES = {"default": _DATABASE}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Redis and Celery ------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHE_KEY_PREFIX = env("CACHE_KEY_PREFIX", "agora")
if REDIS_URL:
    # Both resilient (config.redis_cache): with Redis down, every cache read is a
    # miss and every write is skipped; the site stays up on the database.
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
        # The published agenda's version pointers and rendered bodies (sessions.agenda_cache).
        "api": {
            "BACKEND": "config.redis_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The embedded broker names a host only so kombu does not warn on every connection.
EMBEDDED_BROKER_URL = "filesystem://localhost//"
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or REDIS_URL or EMBEDDED_BROKER_URL
if CELERY_BROKER_URL == EMBEDDED_BROKER_URL:
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Enqueueing on commit must not hang a request when Redis is down: fail fast,
    # the row is already in the outbox and the drain sends it later.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"
# A dedicated queue name lets the integration tests run a worker of their own.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", "celery")
# With late acks, a task whose worker lost the broker is cancelled and redelivered, not half-acked.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# django-axes counts failed logins first; after AXES_FAILURE_LIMIT failures of one
# user name from one address, that pair is locked out for AXES_COOLOFF_HOURS
# (superusers see and lift locks under Admin → Axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Internationalisation ---------------------------------------------------
# The one list of the site's languages (config.languages reads it), each named
# in its own language as a language picker shows it. The first is the default
# and the first fallback of translated texts.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": MODELTRANSLATION_LANGUAGES}

# --- Static and media -------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Speakers' slides and papers: outside MEDIA_ROOT, served only through their own view.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))), "base_url": None},
    },
    # Exports and uploaded imports: personal data, never under MEDIA_URL; served only by
    # the signed, per-user download view. Web and workers must share it (a shared folder,
    # or an object-storage backend in its place).
    "spreadsheets": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(env("SPREADSHEETS_ROOT", str(VAR_DIR / "spreadsheets")))), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploaded pictures (sessions.images): refused beyond these, kept re-encoded at most IMAGE_MAX_SIDE.
IMAGE_UPLOAD_MAX_BYTES = envint("IMAGE_UPLOAD_MAX_BYTES", 5_000_000)
IMAGE_UPLOAD_MAX_PIXELS = envint("IMAGE_UPLOAD_MAX_PIXELS", 40_000_000)
IMAGE_MAX_SIDE = envint("IMAGE_MAX_SIDE", 1600)

# --- E-mail -----------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Agora <noreply@agora.example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- REST API (config.api; each app's api/) ---------------------------------
# Keys, scopes and quotas apply to every API view; errors share one JSON shape;
# Swagger UI and Redoc are served from the sidecar package, not a CDN.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.api.schema.ApiAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["partners.authentication.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["partners.authentication.PartnerQuotaThrottle"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api.pagination.ApiPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.api.parsers.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "config.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Agora partner API",
    "DESCRIPTION": "Agendas, speakers and registrations of academic forums. The schema is OpenAPI 3.1 "
    "(a value that may be null is `oneOf` its type and `null`), in English.",
    "OAS_VERSION": "3.1.0",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI and Redoc from drf-spectacular-sidecar under /static/, with our own templates
    # (templates/drf_spectacular/): no font, script or validator from another host.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api.schema.blank_alternatives_as_any_of",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SessionLanguageEnum": "sessions.enums.SessionLanguage",
        "SessionKindEnum": "sessions.enums.SessionKind",
        "PreferredLanguageEnum": "config.languages.LANGUAGE_CHOICES",
    },
}

# --- Security (production defaults; DEBUG relaxes nothing but cookies) --------
# X-Forwarded-Proto is believed only when a reverse proxy in front sets it
# (BEHIND_PROXY=true); otherwise any client could claim HTTPS with it.
BEHIND_PROXY = envbool("BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers and orchestrators probe these over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Every page ships its own scripts and styles (no CDN, no inline script); the
# embeddable agenda widens frame-ancestors for itself (partners.views). Styles
# may be inline: the admin and the e-mails shown in the outbox use style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Where browsers report what the policy blocked (a collector of the operator's choosing).
if env("CSP_REPORT_URI", ""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("CSP_REPORT_URI")]
# `check --deploy` must be clean in production. security.W021 asks for HSTS
# preloading, which commits the whole domain and its subdomains to HTTPS in
# browsers for good: the operator's decision (SECURE_HSTS_PRELOAD=true), not a default.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# LOG_FORMAT=json writes one JSON object per line (for a log collector); "text" for people.
LOG_FORMAT = env("LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each step of every PDF at INFO; its warnings (a font or picture it could not use) still show.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Outbox (outbox/) -----------------------------------------------------------
# The sender class of each channel (outbox.channels); SMS or WeChat add a line here.
OUTBOX_CHANNELS = {"email": "outbox.channels.email.EmailSender"}
# Messages claimed and sent per batch over one connection.
OUTBOX_BATCH_SIZE = envint("OUTBOX_BATCH_SIZE", 200)
# How many batch tasks a bulk queueing starts (they claim disjoint rows: SKIP LOCKED).
OUTBOX_PARALLEL_BATCHES = envint("OUTBOX_PARALLEL_BATCHES", 2)
# At most this many messages per minute and channel across all workers (0: no limit).
OUTBOX_RATE_LIMIT_PER_MINUTE = envint("OUTBOX_RATE_LIMIT_PER_MINUTE", 0)
# Seconds after which a row still "sending" belongs to a dead worker. A batch
# gives back its unsent rows after half of this, so a live claim is never reaped.
OUTBOX_CLAIM_TIMEOUT = envint("OUTBOX_CLAIM_TIMEOUT", 300)
# What the reaper does with the one message a killed worker may have had in
# flight: re-send it (at-least-once, same Message-ID) or mark it failed.
OUTBOX_RESEND_UNCERTAIN = envbool("OUTBOX_RESEND_UNCERTAIN", default=True)
# A process starts the sender at most once per this many milliseconds, for every
# message committed meanwhile (outbox.wake).
OUTBOX_WAKE_DELAY_MS = envint("OUTBOX_WAKE_DELAY_MS", 50)
# Seconds one send task works before handing over to a fresh task.
OUTBOX_TASK_TIME_BUDGET = envint("OUTBOX_TASK_TIME_BUDGET", 60)

# --- Webhooks (notifications/) ---------------------------------------------------
# Events are retried with backoff for this long, then marked failed.
WEBHOOK_RETRY_HOURS = envint("WEBHOOK_RETRY_HOURS", 24)
WEBHOOK_TIMEOUT = envint("WEBHOOK_TIMEOUT", 10)
# Webhooks go to public addresses only (notifications.webhook_addresses); these host
# names (an on-premise partner's, e.g. hooks.intranet.example) may resolve to any address.
WEBHOOK_ALLOWED_PRIVATE_HOSTS = envlist("WEBHOOK_ALLOWED_PRIVATE_HOSTS")

# --- Attendees (attendees/) --------------------------------------------------------
# A registration waiting longer than this for a hot row answers "please try again".
ATTENDEES_LOCK_TIMEOUT = env("ATTENDEES_LOCK_TIMEOUT", "3s")
# New registrations commit with synchronous_commit = off unless this is False
# (docs/architecture.md, "Capacity").
ATTENDEES_FAST_COMMIT = envbool("ATTENDEES_FAST_COMMIT", default=True)
# Anonymous visitors: requests per client address (django-ratelimit rates: "20/m", "300/h").
# Generous enough for a university registering a delegation behind one address.
ATTENDEES_REGISTER_RATE = env("ATTENDEES_REGISTER_RATE", "20/m")
ATTENDEES_LINK_RATE = env("ATTENDEES_LINK_RATE", "60/m")
# At most this many unconfirmed registrations of one edition per client address and per
# e-mail domain (0: no limit); the big public mail providers count per address only.
ATTENDEES_UNCONFIRMED_PER_ADDRESS = envint("ATTENDEES_UNCONFIRMED_PER_ADDRESS", 30)
ATTENDEES_UNCONFIRMED_PER_DOMAIN = envint("ATTENDEES_UNCONFIRMED_PER_DOMAIN", 60)
ATTENDEES_SHARED_MAIL_DOMAINS = envlist(
    "ATTENDEES_SHARED_MAIL_DOMAINS",
    "qq.com,foxmail.com,163.com,126.com,yeah.net,sina.com,sina.cn,sohu.com,aliyun.com,139.com,189.cn,"
    "gmail.com,outlook.com,hotmail.com,live.com,yahoo.com,icloud.com,me.com,proton.me,protonmail.com",
)
# The admin's "suspicious" filter: pending registrations sharing an address with this many others.
ATTENDEES_SUSPICIOUS_SAME_ADDRESS = envint("ATTENDEES_SUSPICIOUS_SAME_ADDRESS", 5)

# --- Documents (documents/) --------------------------------------------------------
# Requests to the public verification page of letters, per client address.
DOCUMENTS_VERIFY_RATE = env("DOCUMENTS_VERIFY_RATE", "60/m")
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", default=True)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "config.client_ip.client_ip"
RATELIMIT_VIEW = "attendees.views.pages.too_many_requests"
# The self-hosted challenge organisers may switch on per edition (django-simple-captcha:
# an image drawn here, no outside service, so it works in mainland China).
CAPTCHA_LENGTH = 5
CAPTCHA_TIMEOUT = 10  # minutes
CAPTCHA_IMAGE_SIZE = (150, 50)
# Lifetime of the signed links in e-mails, in seconds.
ATTENDEES_CONFIRM_LINK_MAX_AGE = envint("ATTENDEES_CONFIRM_LINK_MAX_AGE", 14 * 24 * 3600)
ATTENDEES_MANAGE_LINK_MAX_AGE = envint("ATTENDEES_MANAGE_LINK_MAX_AGE", 365 * 24 * 3600)
# Speakers: how long an invitation may be answered, when an unanswered one is reminded (and how
# often), the lifetime of a speaker's own link, uploads, and the reminder before their session.
SPEAKERS_INVITATION_VALID_DAYS = envint("SPEAKERS_INVITATION_VALID_DAYS", 14)
SPEAKERS_INVITATION_REMIND_AFTER_HOURS = envint("SPEAKERS_INVITATION_REMIND_AFTER_HOURS", 96)
SPEAKERS_INVITATION_MAX_REMINDERS = envint("SPEAKERS_INVITATION_MAX_REMINDERS", 2)
SPEAKERS_PROFILE_LINK_MAX_AGE = envint("SPEAKERS_PROFILE_LINK_MAX_AGE", 365 * 24 * 3600)
SPEAKERS_MATERIAL_MAX_BYTES = envint("SPEAKERS_MATERIAL_MAX_BYTES", 50_000_000)
SPEAKERS_SESSION_REMINDER_HOURS = envint("SPEAKERS_SESSION_REMINDER_HOURS", 48)
# Exports (spreadsheets.exports): up to this many rows are written while the organiser
# waits; more go to a Celery worker, whose file is downloaded through a link signed for
# the organiser who asked, valid this many seconds. The file is kept in SPREADSHEETS_ROOT
# this many hours after it was written; then beat's spreadsheets.purge_exports deletes it
# and the job shows as expired (spreadsheets.retention). An uploaded import file is deleted
# as long after its upload by the same task; an unconfirmed preview then shows as expired.
SPREADSHEETS_EXPORT_SYNC_ROWS = envint("SPREADSHEETS_EXPORT_SYNC_ROWS", 3000)
SPREADSHEETS_EXPORT_LINK_MAX_AGE = envint("SPREADSHEETS_EXPORT_LINK_MAX_AGE", 24 * 3600)
SPREADSHEETS_EXPORT_RETENTION_HOURS = envint("SPREADSHEETS_EXPORT_RETENTION_HOURS", 72)
