"""Career-centre test helpers (issue 15): centre mode for one test, accounts with roles, logged-in clients.

The fixtures ``centre`` and ``client_for`` are registered for every test in tests/conftest.py::

    from centre_fixtures import make_account

    def test_x(centre, client_for):
        student = make_account("ana@uni.example", "student", cohort="MA 2027")
        client = client_for(student)       # a Django test client logged in as the student

``centre`` switches the settings to centre mode for the test (read when code runs) and points the centre's
outgoing mail at a real SMTP server on 127.0.0.1 (``smtp_server``), sent at once (no worker); it yields
that server's inbox.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

PASSWORD = "Plum-tree-1984-garden"  # passes the centre's password rules


@pytest.fixture
def centre(settings: Any, smtp_server: Any, db: None) -> Iterator[Any]:
    """Centre mode, mail sent at once to a real SMTP server on 127.0.0.1; yields its inbox."""
    inbox, port = smtp_server
    settings.COFFEECHAT_MODE = "centre"
    settings.COFFEECHAT_QUEUE = "immediate"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.AUTH_PASSWORD_VALIDATORS = settings.CENTRE_PASSWORD_VALIDATORS
    settings.COFFEECHAT_PUBLIC_URL = "http://testserver"
    yield inbox


def make_account(email: str, role: str = "student", *, cohort: str = "", name: str = "",
                 password: str | None = PASSWORD) -> Any:
    """A centre account made directly (no invitation): ``User.username`` is the lower-cased email."""
    from django.contrib.auth.models import User

    from coffeechat.models.centre import Account

    address = email.strip().lower()
    user = User(username=address, email=address, first_name=name)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    Account.objects.create(user=user, role=role, cohort=cohort, display_name=name)
    return user


@pytest.fixture
def client_for(centre: Any) -> Any:
    """``client_for(user)``: a Django test client logged in as that centre user (in centre mode)."""
    from conftest import logged_in

    return logged_in


# --- for separate processes (CLI and browser tests) -----------------------------------------------


def centre_env(env: dict[str, str], smtp_port: int, public_url: str = "http://127.0.0.1:9") -> dict[str, str]:
    """A fresh_data_env in centre mode, mail sent at once to the SMTP server on ``smtp_port``."""
    return {**env, "COFFEECHAT_MODE": "centre", "COFFEECHAT_QUEUE": "immediate",
            "COFFEECHAT_EMAIL_HOST": "127.0.0.1", "COFFEECHAT_EMAIL_PORT": str(smtp_port),
            "COFFEECHAT_PUBLIC_URL": public_url, "COFFEECHAT_FROM_EMAIL": "careers@uni.example"}


def run_with_input(env: dict[str, str], text: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "coffeechat", *args], env=env, input=text,
                          capture_output=True, text=True, timeout=120)
