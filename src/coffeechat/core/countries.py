"""The one country check: which ISO codes coffeechat knows public holidays for, by the ``holidays`` library.

The business-day clock (core/clock.py) and the ``country`` setting (services/preference_specs.py) both ask
here, so a code the settings accept is one the clock can use and the other way round. No Django.
"""

from __future__ import annotations

import re
from functools import cache


@cache
def country_names() -> dict[str, str]:
    """ISO alpha-2 code -> English name, for every country the ``holidays`` library has holidays for."""
    import holidays

    names: dict[str, str] = {}
    try:
        from holidays import registry

        for class_name, code, *_ in registry.COUNTRIES.values():
            words = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", class_name).replace("Mc ", "Mc")
            names[code] = re.sub(r" (And|Of|The|Da)\b", lambda m: " " + m.group(1).lower(), words)
    except (ImportError, AttributeError, ValueError):  # a holidays release without the registry: codes only
        names = {}
    for code in holidays.list_supported_countries(include_aliases=False):
        names.setdefault(code, code)
    return names


@cache
def country_aliases() -> dict[str, str]:
    """Every code ``holidays`` accepts (alpha-2 and alpha-3) -> the alpha-2 code stored."""
    import holidays

    aliases = {code: code for code in country_names()}
    try:
        from holidays import registry

        for _class, code, *others in registry.COUNTRIES.values():
            for other in others:
                if isinstance(other, str) and len(other) == 3 and other.isupper():
                    aliases.setdefault(other, code)
    except (ImportError, AttributeError, ValueError):
        pass
    for code in holidays.list_supported_countries():
        aliases.setdefault(code, code)
    return aliases


def canonical_country(value: str) -> str | None:
    """The alpha-2 code stored for ``value`` (any case, alpha-2 or alpha-3), or None for an unknown code."""
    return country_aliases().get(value.strip().upper())
