"""One-time login links for the local web server (like Jupyter's token links).

A link works once and for a few minutes, and a new link retires every unused earlier one, so at most one
link is alive at any time. Expiry follows the real clock, not ``--now``: a pretend date must never make a
link last longer (or die sooner) than the minutes it promises.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction

from coffeechat.models import LoginToken

LINK_LIFETIME = timedelta(minutes=10)
# Used and expired links are kept a day (for the record of recent logins), then deleted.
_KEEP_SPENT = timedelta(days=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _real_now() -> datetime:
    return datetime.now(UTC)


@transaction.atomic
def issue_login_token(owner: Any, valid_for: timedelta = LINK_LIFETIME) -> str:
    """A fresh random token for ``owner`` (only its hash is stored); every unused earlier one stops working."""
    moment = _real_now()
    mine = LoginToken.objects.owned_by(owner)
    mine.filter(used_at__isnull=True, expires_at__gt=moment).update(expires_at=moment)
    mine.filter(expires_at__lt=moment - _KEEP_SPENT).delete()
    token = secrets.token_urlsafe(32)
    LoginToken.objects.create(owner=owner, token_hash=_digest(token), expires_at=moment + valid_for)
    return token


@transaction.atomic
def redeem_login_token(token: str) -> Any | None:
    """The owner of an unused, unexpired token, marking it used; None for anything else."""
    if not token:
        return None
    moment = _real_now()
    # The conditional UPDATE claims the token: of two simultaneous clicks only one logs in.
    claimed = LoginToken.objects.filter(token_hash=_digest(token), used_at__isnull=True, expires_at__gt=moment)
    row = claimed.select_related("owner").first()
    if row is None or claimed.filter(pk=row.pk).update(used_at=moment) != 1:
        return None
    return row.owner
