"""What each setting accepts: labels for people, choices where the value is a choice, ranges, and the
rules between settings — one check used by the page, `settings set` and a restored backup."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coffeechat.services.preference_specs import (
    SPECS,
    SettingError,
    SettingsInvalid,
    check_changes,
    check_setting,
    country_choices,
    timezone_choices,
    with_defaults,
)

DEFAULTS = with_defaults({"timezone": "UTC"})


def test_every_setting_has_a_human_label_and_help() -> None:
    for key, spec in SPECS.items():
        assert spec.label and spec.label != key and "_" not in spec.label, key
        assert spec.help, key
    assert SPECS["your_name"].label == "Your name"
    assert SPECS["next_contact_business_days"].label == "Days before a second contact"


def test_choices_are_offered_where_the_value_is_a_choice() -> None:
    assert {key for key, spec in SPECS.items() if spec.kind == "choice"} == {
        "timezone", "country", "message_mode", "smtp_security"}
    zones = [value for value, _ in timezone_choices()]
    assert "America/Chicago" in zones and "UTC" in zones and "Mars/Olympus" not in zones
    countries = dict(country_choices())
    assert countries[""].startswith("None") and countries["US"] == "United States (US)"
    assert countries["GB"] == "United Kingdom (GB)" and "USA" not in countries
    assert [value for value, _ in SPECS["smtp_security"].choices()] == ["starttls", "ssl", "none"]
    assert [value for value, _ in SPECS["message_mode"].choices()] == ["6point", "5point"]


@pytest.mark.parametrize(("key", "typed", "stored"), [
    ("timezone", "america/chicago", "America/Chicago"),
    ("timezone", " Europe/London ", "Europe/London"),
    ("country", "gb", "GB"),
    ("country", "USA", "US"),
    ("country", "none", ""),
    ("follow_up_business_days", " 6 ", "6"),
    ("message_mode", "5POINT", "5point"),
    ("your_name", "  Alex   Kim ", "Alex Kim"),
    ("smtp_host", "smtp.example.org", "smtp.example.org"),
])
def test_values_are_stored_in_one_spelling(key: str, typed: str, stored: str) -> None:
    assert check_setting(key, typed) == stored


@pytest.mark.parametrize(("key", "typed", "reason"), [
    ("timezone", "Mars/Olympus", "unknown time zone 'Mars/Olympus'"),
    ("timezone", "chicago", "did you mean America/Chicago?"),
    ("timezone", "", "unknown time zone"),
    ("country", "XX-EVIL", "unknown country code 'XX-EVIL'"),
    ("follow_up_business_days", "-5", "-5 is outside 2–60"),
    ("follow_up_business_days", "7.5", "not a whole number"),
    ("follow_up_business_days", "9" * 30, "not a whole number"),
    ("meeting_minutes", "1000000000000", "not a whole number"),
    ("smtp_port", "70000", "outside 1–65535"),
    ("message_mode", "7point", "choose one of 6point, 5point"),
    ("smtp_security", "tls", "choose one of starttls, ssl, none"),
    ("your_email", "me at home", "does not look like an email address"),
    ("your_email", "me@example.org\nBcc: x@evil.example", "does not look like an email address"),
    ("smtp_host", "smtp.example.org\r\nRCPT", "is not a server name"),
    ("your_name", "x" * 500, "too long"),
    ("shoe_size", "9", "not a setting"),
])
def test_values_that_cannot_work_are_refused_with_the_reason(key: str, typed: str, reason: str) -> None:
    with pytest.raises(SettingError, match=None) as refused:
        check_setting(key, typed)
    assert reason in str(refused.value)


def test_the_second_contact_must_come_before_the_follow_up() -> None:
    with pytest.raises(SettingsInvalid) as refused:
        check_changes(DEFAULTS, {"next_contact_business_days": "7"})
    assert refused.value.errors == {"next_contact_business_days": (
        "the second contact (7 business days) must come before the follow-up (7 business days)")}
    with pytest.raises(SettingsInvalid) as lowered:
        check_changes(DEFAULTS, {"follow_up_business_days": "3"})
    assert list(lowered.value.errors) == ["follow_up_business_days"]
    # Both at once: judged together, so moving both keeps the order.
    assert check_changes(DEFAULTS, {"next_contact_business_days": "10", "follow_up_business_days": "12"}) == {
        "next_contact_business_days": "10", "follow_up_business_days": "12"}
    with pytest.raises(SettingsInvalid) as both:
        check_changes(DEFAULTS, {"next_contact_business_days": "12", "follow_up_business_days": "10"})
    assert list(both.value.errors) == ["next_contact_business_days"]


def test_a_thank_you_is_due_before_it_is_overdue() -> None:
    with pytest.raises(SettingsInvalid) as refused:
        check_changes(DEFAULTS, {"thank_you_due_hours": "72"})
    assert "must be due (72 hours) before it is overdue (72 hours)" in str(refused.value)


def test_every_refused_value_is_reported_at_once_and_an_unrelated_change_is_not_blocked() -> None:
    with pytest.raises(SettingsInvalid) as refused:
        check_changes(DEFAULTS, {"timezone": "Mars/Olympus", "country": "XX", "your_name": "Alex"})
    assert set(refused.value.errors) == {"timezone", "country"}
    # An old incoherent pair stored before this rule does not block changing your name.
    old = {**DEFAULTS, "next_contact_business_days": "9"}
    assert check_changes(old, {"your_name": "Alex"}) == {"your_name": "Alex"}


def test_the_specs_stay_import_light_for_the_fast_list() -> None:
    code = ("import sys; import coffeechat.services.preference_specs as s; s.with_defaults({}); "
            "print(sorted(m for m in ('django', 'holidays', 'zoneinfo._common') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
