"""The program's one idea of "now": the real clock, or the instant the user fixed with ``--now``.

The one reader of the fixed moment (``run_options.fixed_now_text``); no Django at import, so the fast agenda
uses ``now_in`` too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from coffeechat.core.when import parse_when
from coffeechat.run_options import fixed_now_text


def now() -> datetime:
    """The current instant (UTC), or the one fixed by ``--now`` / ``COFFEECHAT_NOW``.

    A fixed time without an offset is read in the user's time zone (setting ``timezone``), like any
    time a user types.
    """
    fixed = fixed_now_text()
    if not fixed:
        return datetime.now(UTC)
    return _parse_fixed(fixed, _local_zone())


def now_in(tz_name: str) -> datetime:
    """Like ``now()``, with a fixed time without an offset read in ``tz_name`` (no database needed)."""
    fixed = fixed_now_text()
    return _parse_fixed(fixed, tz_name) if fixed else datetime.now(UTC)


def _local_zone() -> str:
    """The single local user's time zone setting, else the machine's."""
    from coffeechat.models import UserSetting
    from coffeechat.services.accounts import LOCAL_USERNAME
    from coffeechat.services.preferences import machine_timezone

    stored = UserSetting.objects.filter(owner__username=LOCAL_USERNAME, key="timezone").values_list("value", flat=True)
    return next(iter(stored), None) or machine_timezone()


@lru_cache(maxsize=16)
def _parse_fixed(text: str, tz_name: str) -> datetime:
    real = datetime.now(UTC)
    return parse_when(text, now=real, tz_name=tz_name).astimezone(UTC)
