"""Settings for the test suite: the real settings, on PostgreSQL and Redis by default.

``make test`` exports ``DATABASE_URL``/``REDIS_URL``; the defaults below make a
bare ``pytest`` do the same.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789-abcdefghijkl")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tattoobot")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")

from tattoobot.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None  # type: ignore[assignment]  # tests never collect static files; WhiteNoise serves them from the finders

# Each test process gets its own cache namespace in the shared Redis, so runs and
# xdist workers never see each other's throttles and cooldowns.
import uuid  # noqa: E402

CACHES["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"  # noqa: F405
RATE_LIMIT_KEY_PREFIX = CACHES["default"]["KEY_PREFIX"]  # noqa: F405  (cleared with the cache namespace)

# Tasks published after commit run inline in tests (nothing piles up in the shared Redis);
# the real worker path is covered by tests that start one.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True

# Stripe: every test talks to the fake Stripe server tests/conftest.py starts (STRIPE_API_BASE is
# pointed at it per test); the port below refuses connections if anything escapes that.
STRIPE_SECRET_KEY = "sk_test_tattoobot"
STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
STRIPE_API_BASE = "http://127.0.0.1:9"
