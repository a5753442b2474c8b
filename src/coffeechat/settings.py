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
    "django_tasks",  # background work (issue 15 §8): the queue, and its table for the centre's worker
    "django_tasks_db",
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
    "coffeechat.web.devices.DeviceMiddleware",  # centre mode only: "your devices" (a no-op in local mode)
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
                "coffeechat.web.devices.centre_context",  # centre mode and the user's role, for the nav
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


# --- The career centre (issue 15): COFFEECHAT_MODE=centre --------------------------------------------
# "local" (the default): one person on a laptop, the one-time login link of `coffeechat serve`, no passwords.
# "centre": many accounts on one server, password login by email, roles, invitations (docs/centre.md).
# Code reads ``settings.COFFEECHAT_MODE`` when it runs (services/centre_accounts.py ``centre_mode()``).
COFFEECHAT_MODE = os.environ.get("COFFEECHAT_MODE", "local").strip().lower() or "local"
if COFFEECHAT_MODE not in ("local", "centre"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"COFFEECHAT_MODE must be local or centre, not {COFFEECHAT_MODE!r}")
# Passwords (centre accounts only) are hashed with Argon2; the others only read hashes made elsewhere.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
CENTRE_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTH_PASSWORD_VALIDATORS = CENTRE_PASSWORD_VALIDATORS if COFFEECHAT_MODE == "centre" else []
# Links in the centre's mail (invitations, password resets) start with this address.
COFFEECHAT_PUBLIC_URL = os.environ.get("COFFEECHAT_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# The centre's own outgoing mail server (invitations, resets): Django's EMAIL_* settings from the environment.
EMAIL_HOST = os.environ.get("COFFEECHAT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("COFFEECHAT_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("COFFEECHAT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = (
    Path(os.environ["COFFEECHAT_EMAIL_PASSWORD_FILE"]).read_text().strip()
    if os.environ.get("COFFEECHAT_EMAIL_PASSWORD_FILE") else os.environ.get("COFFEECHAT_EMAIL_PASSWORD", "")
)
EMAIL_USE_TLS = _env_bool("COFFEECHAT_EMAIL_STARTTLS")
EMAIL_USE_SSL = _env_bool("COFFEECHAT_EMAIL_SSL")
EMAIL_TIMEOUT = 30


# --- Served like a real service (issue 15 §8-9; docs/deployment.md): from the environment. ---------------
# Mail waits in the database for `coffeechat worker` in a centre; a local user has no worker, so it goes at
# once (services/queue.py). COFFEECHAT_QUEUE=immediate makes a small centre without a worker send at once.
COFFEECHAT_QUEUE = os.environ.get("COFFEECHAT_QUEUE", "database" if COFFEECHAT_MODE == "centre" else "immediate")
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
if _env_bool("COFFEECHAT_HTTPS"):
    # Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from what clients send).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer checks the app over plain HTTP
    SECURE_HSTS_SECONDS = int(os.environ.get("COFFEECHAT_HSTS_SECONDS", "0") or 0)
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in _env_list("COFFEECHAT_ALLOWED_HOSTS")]
# --- end of serving ---------------------------------------------------------------------------------------
