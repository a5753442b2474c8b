"""The IANA time zones this computer knows, for checking and offering a zone by name.

One list for every place a zone is chosen or read back (the settings page, ``settings set timezone``,
a restored backup): the names ``zoneinfo.available_timezones()`` reports, plus ``UTC``.
"""

from __future__ import annotations

from functools import cache


@cache
def zone_names() -> tuple[str, ...]:
    """Every known IANA zone name, sorted (``Africa/Abidjan`` … ``Zulu``)."""
    import zoneinfo

    return tuple(sorted(zoneinfo.available_timezones() | {"UTC"}))


@cache
def _by_folded_name() -> dict[str, str]:
    return {name.casefold(): name for name in zone_names()}


def canonical_zone(name: str) -> str | None:
    """The zone's name as IANA spells it (``europe/london`` -> ``Europe/London``), or None if unknown."""
    if not isinstance(name, str):
        return None
    return _by_folded_name().get(name.strip().casefold())
