"""One-time login links for the local web server (like Jupyter's token links)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.db import transaction

from coffeechat.models import LoginToken
from coffeechat.services.clock import now


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_login_token(owner: Any, valid_for: timedelta = timedelta(hours=12)) -> str:
    """A fresh random token for ``owner``; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    LoginToken.objects.create(owner=owner, token_hash=_digest(token), expires_at=now() + valid_for)
    return token


@transaction.atomic
def redeem_login_token(token: str) -> Any | None:
    """The owner of an unused, unexpired token, marking it used; None for anything else."""
    if not token:
        return None
    # The conditional UPDATE claims the token: of two simultaneous clicks only one logs in.
    claimed = LoginToken.objects.filter(token_hash=_digest(token), used_at__isnull=True, expires_at__gt=now())
    row = claimed.select_related("owner").first()
    if row is None or claimed.filter(pk=row.pk).update(used_at=now()) != 1:
        return None
    return row.owner
