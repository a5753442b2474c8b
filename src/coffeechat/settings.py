"""Django settings for coffeechat, read from the environment and the user's home folder.

A user never has to touch this: the CLI sets ``COFFEECHAT_HOME`` (from ``--home``) and configures Django
itself. Every knob is an environment variable with a safe default for a single person on a laptop.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from coffeechat.home import database_url, home_folder, secure_home, sqlite_path

BASE_DIR = Path(__file__).resolve().parent
HOME = home_folder()
# The home is the user's alone (0700), and so are the database and keys in it (0600): fixed here, said once.
secure_home()


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _secret_key() -> str:
    """The signing key: from the environment, a file named there, or one made once and kept in the home."""
    if os.environ.get("COFFEECHAT_SECRET_KEY"):
        return os.environ["COFFEECHAT_SECRET_KEY"]
    if os.environ.get("COFFEECHAT_SECRET_KEY_FILE"):
        return Path(os.environ["COFFEECHAT_SECRET_KEY_FILE"]).read_text().strip()
    key_file = HOME / "secret_key"
    if not key_file.exists():
        # Created with owner-only permissions: the key signs the login session cookie.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("COFFEECHAT_DEBUG")
# Only loopback names: a page on another site that rebinds its DNS name to 127.0.0.1 is refused.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", *_env_list("COFFEECHAT_ALLOWED_HOSTS")]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "coffeechat.apps.CoffeechatConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "coffeechat.web.errors.UserErrorMiddleware",  # a refused input is a 400 with its message, never a 500
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "coffeechat.web.urls"
LOGIN_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

WSGI_APPLICATION = "coffeechat.web.wsgi.application"


def _databases() -> dict[str, dict[str, object]]:
    url = database_url()
    if url:
        import dj_database_url

        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        return {"default": dict(config)}
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(sqlite_path()),
            "OPTIONS": {
                # WAL lets the web server read while the CLI writes; IMMEDIATE transactions take the
                # write lock up front, so two writers queue (up to the timeout) instead of failing
                # half-way with "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": str(HOME / "test-coffeechat.sqlite3")},
            # Each server thread keeps its connection instead of reopening the file (and rerunning the
            # PRAGMAs) for every request.
            "CONN_MAX_AGE": 300,
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "web" / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# `coffeechat serve` renames both cookies for its port and home (web/server.py): browsers send cookies
# for 127.0.0.1 to every port, and two servers must not share (or overwrite) each other's session.
SESSION_COOKIE_NAME = "coffeechat_session"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session lasts while the browser is open and at most 12 hours; `serve` also ends them when it stops.
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_NAME = "coffeechat_csrftoken"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_AGE = None
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Outgoing mail (digests, requests). Console by default so nothing leaves the machine by accident.
EMAIL_BACKEND = os.environ.get("COFFEECHAT_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("COFFEECHAT_FROM_EMAIL", "coffeechat@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # A cookie from an earlier run of `serve` (signed with that run's key) is simply a new visitor.
    "loggers": {"django.security.SuspiciousSession": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# The models live in a package named ``models``; their migrations sit beside them.
MIGRATION_MODULES = {"coffeechat": "coffeechat.models.migrations"}
