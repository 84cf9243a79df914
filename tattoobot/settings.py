"""TattooBot settings: every value comes from the environment (README.md).

With nothing set, the embedded default runs the whole bot: a SQLite file and
a Celery filesystem transport under ``var/``, and the console WhatsApp
backend. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
Bad values raise ``ImproperlyConfigured`` at import time.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from tattoobot.beat import BEAT_SCHEDULE
from tattoobot.foundations.env import (
    env_bool,
    env_choice,
    env_e164,
    env_int,
    env_language_map,
    env_list,
    env_str,
    env_template_link,
    env_url,
)

django_stubs_ext.monkeypatch()  # admin.ModelAdmin[Model] and friends at run time

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

# --- Core ---------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) is required when DJANGO_DEBUG is off")
    SECRET_KEY = "django-insecure-debug-only-key-never-used-in-production-0123456789"  # noqa: S105 (debug only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name at least one host")

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# TLS usually ends at the proxy; it tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SESSION_COOKIE_HTTPONLY = True
if SECURE_SSL_REDIRECT:
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
X_FRAME_OPTIONS = "DENY"


def _parse_proxies(values: list[str]) -> frozenset[str]:
    for value in values:
        try:
            ipaddress.ip_address(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {value!r} is not an IP address") from exc
    return frozenset(values)


TRUSTED_PROXIES = _parse_proxies(env_list("TRUSTED_PROXIES"))

PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL", "http://localhost:8000", schemes=("http", "https"))
CSRF_TRUSTED_ORIGINS = [PUBLIC_BASE_URL]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from our own static files
    "axes",  # staff sign-in: the lock-out and one-time codes (docs/security.md "Staff sign-in")
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "tattoobot.apps.TattooBotConfig",
    "leads",
    "conversations",
    "payments",
]

MIDDLEWARE = [
    "tattoobot.web.middleware.CorrelationIdMiddleware",
    "tattoobot.web.middleware.BodySizeLimitMiddleware",
    "tattoobot.web.middleware.JsonErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with a one-time code
    "tattoobot.web.staff_auth.middleware.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as axes asks: turns a locked-out sign-in into the lock-out page
]

ROOT_URLCONF = "tattoobot.urls"
WSGI_APPLICATION = "tattoobot.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tattoobot.web.branding.branding",  # the studio's name in the admin (lazy, cached)
            ],
        },
    },
    {
        # Customer-facing WhatsApp copy: plain text, so no HTML escaping.
        "NAME": "messages",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        # {% translate %} / {% blocktranslate %} in every message, rendered in the customer's language
        # (docs/conversation.md "Copy").
        "OPTIONS": {
            "autoescape": False,
            "builtins": ["conversations.templatetags.message_filters", "django.templatetags.i18n"],
        },
    },
]

# Bodies over 1 MiB are refused (docs/security.md); the middleware answers 413.
MAX_REQUEST_BODY_BYTES = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# --- Database -----------------------------------------------------------
DATABASE_URL = env_url("DATABASE_URL", "", schemes=("postgres", "postgresql", "pgsql", "sqlite"))
if DATABASE_URL:
    _db: dict[str, Any] = dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True))
else:
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "tattoobot.sqlite3"}
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions let web, worker and beat share the file.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES = {"default": _db}

# --- Redis, Celery, cache ----------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss"))
CELERY_FILESYSTEM_DIR = VAR_DIR / "celery"

if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT = "tattoobot.foundations.broker:Transport"  # one publish client per channel
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {"visibility_timeout": 3600}
    CACHES = {
        "default": {
            "BACKEND": "tattoobot.foundations.cache.RedisCache",  # one kept client per pool
            "LOCATION": REDIS_URL,
            # Web and workers must share it (the inbox's queued flags); deployments sharing one
            # Redis each need their own.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "tattoobot"),
        }
    }
else:
    # Embedded default: kombu's filesystem transport needs no server and is
    # shared by every local process (web, worker, beat) through var/celery.
    CELERY_BROKER_URL = "filesystem://localhost//"  # a host name keeps kombu from warning; no server is used
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_DIR / "processed"),
        "control_folder": str(CELERY_FILESYSTEM_DIR / "control"),
        "store_processed": False,
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Not in README.md: Redis keys of the send-rate limiters (conversations.messaging.ratelimit) start with this;
# deployments sharing one Redis (staging beside production) each need their own.
RATE_LIMIT_KEY_PREFIX = env_str("RATE_LIMIT_KEY_PREFIX", "tattoobot")

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# acks_late is opted into per task, only for idempotent ones.
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_REJECT_ON_WORKER_LOST = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Celery's Django fix-up closes the database connection around every task unless this is set; the
# connection is recycled every 1,000 tasks instead, and tattoobot/celery.py applies CONN_MAX_AGE
# and the health check around each task as Django does around each request.
CELERY_DB_REUSE_MAX = 1000
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE  # tattoobot/beat.py: every timer in one place
CELERY_TIMEZONE = "UTC"

# --- Operations ---------------------------------------------------------
# Bearer token of GET /metrics (docs/operations.md); unset → /metrics answers 404.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# --- WhatsApp -----------------------------------------------------------
WHATSAPP_BACKEND = env_choice("WHATSAPP_BACKEND", "console", ("cloud", "console"))
WHATSAPP_API_BASE_URL = env_url("WHATSAPP_API_BASE_URL", "https://graph.facebook.com/v21.0", schemes=("http", "https"))
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID")
WHATSAPP_ACCESS_TOKEN = env_str("WHATSAPP_ACCESS_TOKEN")
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET")
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN")
WHATSAPP_MAX_MESSAGES_PER_SECOND = env_int("WHATSAPP_MAX_MESSAGES_PER_SECOND", 80, minimum=1, maximum=10_000)
WHATSAPP_TEMPLATE_LANGUAGE = env_str("WHATSAPP_TEMPLATE_LANGUAGE", "en_GB")
# The languages the approved templates exist in, lang:code; a customer whose language has none gets the default.
WHATSAPP_TEMPLATE_LANGUAGES = env_language_map(
    "WHATSAPP_TEMPLATE_LANGUAGES",
    f"en:{WHATSAPP_TEMPLATE_LANGUAGE}",
    languages=("en", "es", "fr", "de", "pt", "it"),
)
# Mark each processed inbound message read at Meta (the customer's blue ticks; docs/sending.md).
WHATSAPP_READ_RECEIPTS = env_bool("WHATSAPP_READ_RECEIPTS", True)
WHATSAPP_TEMPLATE_PURPOSES = (
    "ARTIST_ALERT",
    "REENGAGE",
    "NUDGE",
    "DEPOSIT_REMINDER",
    "APPOINTMENT_REMINDER",
    "NEXT_STEPS",
)
WHATSAPP_TEMPLATES = {
    purpose.lower(): name for purpose in WHATSAPP_TEMPLATE_PURPOSES if (name := env_str(f"WHATSAPP_TEMPLATE_{purpose}"))
}
# Where a purpose's template carries a link (docs/sending.md "Held until the customer writes"):
# "body" (its second body parameter) or the fixed start of its URL button (the rest is the button's
# parameter), e.g. WHATSAPP_TEMPLATE_NEXT_STEPS_LINK=https://checkout.stripe.com/
WHATSAPP_TEMPLATE_LINKS = {
    purpose.lower(): env_template_link(f"WHATSAPP_TEMPLATE_{purpose}_LINK")
    for purpose in WHATSAPP_TEMPLATE_PURPOSES
    if env_str(f"WHATSAPP_TEMPLATE_{purpose}_LINK")
}
ARTIST_WHATSAPP_NUMBER = env_e164("ARTIST_WHATSAPP_NUMBER")

# --- Stripe -------------------------------------------------------------
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env_url("STRIPE_API_BASE", "https://api.stripe.com", schemes=("http", "https"))

# --- Google ---------------------------------------------------------------
CALENDAR_BACKEND = env_choice("CALENDAR_BACKEND", "local", ("local", "google"))
GOOGLE_SERVICE_ACCOUNT_FILE = env_str("GOOGLE_SERVICE_ACCOUNT_FILE")
GOOGLE_CALENDAR_ID = env_str("GOOGLE_CALENDAR_ID")
# Not in README.md: another host for Google's APIs (tests and e2e point it at a local fake). Empty = Google's.
GOOGLE_API_BASE = env_str("GOOGLE_API_BASE")
GOOGLE_SHEETS_SPREADSHEET_ID = env_str("GOOGLE_SHEETS_SPREADSHEET_ID")

# --- Auth, i18n, static, media -------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"

# --- Staff sign-in (docs/security.md "Staff sign-in") ---------------------------
# Failed sign-ins (password or one-time code) per username, and separately per address, before a lock-out.
STAFF_LOGIN_ATTEMPTS = env_int("STAFF_LOGIN_ATTEMPTS", 5, minimum=1, maximum=1000)
STAFF_LOCKOUT_MINUTES = env_int("STAFF_LOCKOUT_MINUTES", 15, minimum=1, maximum=7 * 24 * 60)
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", False)  # every staff user signs in with a TOTP code
# django-axes counts the admin login form's failures (API tokens never pass through it); its backend goes first.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = "tattoobot.web.staff_auth.lockout.failure_limit"  # STAFF_LOGIN_ATTEMPTS
AXES_COOLOFF_TIME = "tattoobot.web.staff_auth.lockout.cool_off"  # STAFF_LOCKOUT_MINUTES
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own, not the pair
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # tries during a lock-out neither count nor extend it
AXES_CLIENT_IP_CALLABLE = "tattoobot.foundations.client_ip.client_ip"  # X-Forwarded-For only from TRUSTED_PROXIES
AXES_USERNAME_CALLABLE = "tattoobot.web.staff_auth.lockout.client_username"  # cut to what axes stores
AXES_LOCKOUT_CALLABLE = "tattoobot.web.staff_auth.lockout.lockout_response"
OTP_TOTP_ISSUER = "TattooBot"  # the name authenticator apps show beside the username
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # device keys and recovery codes are not shown in admin

LANGUAGE_CODE = "en-gb"
# The languages the bot writes to customers in; the catalogs are locale/<lang>/LC_MESSAGES/django.po,
# compiled by the build (make locale, the Dockerfile), never committed as .mo.
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("pt", "Portuguese"),
    ("it", "Italian"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# --- Staff API --------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tattoobot.foundations.errors.api_exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": None,
    # 60 requests a minute per staff user, counted in the cache (Redis in production) → 429 + Retry-After.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "60/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TattooBot staff API",
    "DESCRIPTION": "Leads, artist actions and metrics for studio staff.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its browsable UI are for staff, like the API they describe.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAdminUser"],
    # Swagger UI from the project's own static files (drf-spectacular-sidecar), never a CDN; no
    # validator badge, which would load an image from validator.swagger.io (docs/security.md).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}

# --- Logging ----------------------------------------------------------------
# Not in README.md: "json" writes one JSON object per line (for a log collector); "plain" is for people.
LOG_FORMAT = env_choice("LOG_FORMAT", "plain", ("plain", "json"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"correlation": {"()": "tattoobot.foundations.logging.CorrelationIdFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [cid=%(correlation_id)s] %(message)s",
        },
        "json": {"()": "tattoobot.foundations.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["correlation"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
    },
}
