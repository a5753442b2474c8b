"""The program's one idea of "now": the real clock, or the instant the user fixed with ``--now``."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache

import os

from coffeechat.core.when import parse_when


def now() -> datetime:
    """The current instant (UTC), or the one fixed by ``--now`` / ``COFFEECHAT_NOW``.

    A fixed time without an offset is read in the machine's time zone, like any time a user types.
    """
    fixed = os.environ.get("COFFEECHAT_NOW")
    if not fixed:
        return datetime.now(timezone.utc)
    return _parse_fixed(fixed)


@lru_cache(maxsize=4)
def _parse_fixed(text: str) -> datetime:
    from coffeechat.services.preferences import machine_timezone

    real = datetime.now(timezone.utc)
    return parse_when(text, now=real, tz_name=machine_timezone()).astimezone(timezone.utc)
