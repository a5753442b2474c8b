"""One country check (core/countries.py): the codes the `country` setting accepts are the codes the clock uses."""

from __future__ import annotations

from datetime import date

import pytest

from coffeechat.core.clock import business_days_after, is_holiday
from coffeechat.core.countries import canonical_country, country_aliases, country_names
from coffeechat.services.preference_specs import SettingError, check_setting


@pytest.mark.parametrize(("typed", "stored"), [("us", "US"), (" GB ", "GB"), ("DEU", "DE"), ("fra", "FR")])
def test_alpha_2_and_alpha_3_in_any_case_are_known(typed: str, stored: str) -> None:
    assert canonical_country(typed) == stored


def test_every_known_code_works_in_the_clock() -> None:
    for code in sorted(set(country_aliases().values())):
        is_holiday(date(2026, 1, 1), code)  # raises ValueError for a code the clock cannot use
    assert set(country_names()) <= set(country_aliases().values())


@pytest.mark.parametrize("typed", ["XX", "ZZZ", "United States"])
def test_an_unknown_code_is_refused_by_both_the_setting_and_the_clock(typed: str) -> None:
    assert canonical_country(typed) is None
    with pytest.raises(ValueError, match="unknown country code"):
        business_days_after(date(2026, 1, 5), 3, typed)
    with pytest.raises(SettingError, match="unknown country code"):
        check_setting("country", typed)
