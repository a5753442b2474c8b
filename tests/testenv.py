"""A pytest plugin loaded before pytest-django reads the settings (``-p testenv`` in pyproject.toml).

It gives the test run its own home folder, lets Django's test client in, and picks the database:
SQLite by default, or PostgreSQL when ``COFFEECHAT_TEST_BACKEND=postgres`` (``make test`` does a second
pass like that when ``COFFEECHAT_TEST_DATABASE_URL`` names a server).
"""

from __future__ import annotations

import os
import tempfile

os.environ["COFFEECHAT_HOME"] = tempfile.mkdtemp(prefix="coffeechat-tests-")
os.environ.setdefault("COFFEECHAT_ALLOWED_HOSTS", "testserver")
os.environ.pop("COFFEECHAT_NOW", None)
os.environ.pop("COFFEECHAT_DATABASE_URL", None)
os.environ["COFFEECHAT_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# Tests never touch the developer's own keyring: secrets go to the test home's encrypted key file.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coffeechat.settings")

BACKEND = os.environ.get("COFFEECHAT_TEST_BACKEND", "sqlite")
if BACKEND == "postgres":
    url = os.environ.get("COFFEECHAT_TEST_DATABASE_URL")
    if not url:
        raise SystemExit("COFFEECHAT_TEST_BACKEND=postgres needs COFFEECHAT_TEST_DATABASE_URL=postgres://…")
    os.environ["COFFEECHAT_DATABASE_URL"] = url
elif BACKEND != "sqlite":
    raise SystemExit(f"COFFEECHAT_TEST_BACKEND must be sqlite or postgres, not {BACKEND!r}")
