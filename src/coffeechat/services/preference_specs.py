"""What each setting is: its key, default, meaning and check. Free of Django, so fast paths can read it.

Each setting has a default from PRODUCT.md and is stored per owner only once the user changes it
(services/preferences.py reads and writes them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.when import WhenError, zone


class SettingError(ValueError):
    """A setting name or value that cannot be used; the message says why and what would work."""


def machine_timezone() -> str:
    """The IANA name of this machine's time zone (``TZ``, then /etc/localtime), or UTC."""
    if os.environ.get("TZ"):
        return os.environ["TZ"].lstrip(":")
    link = Path("/etc/localtime")
    try:
        target = str(link.resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


def _timezone(value: str) -> str:
    try:
        zone(value)
    except WhenError as error:
        raise SettingError(str(error)) from error
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if code in {"", "NONE"}:
        return ""
    import holidays

    if code not in holidays.list_supported_countries():
        raise SettingError(f"unknown country code {value!r}: use an ISO code such as US, GB, DE or none")
    return code


def _email(value: str) -> str:
    value = value.strip()
    if value and ("@" not in value or " " in value):
        raise SettingError(f"{value!r} does not look like an email address")
    return value


def _choice(*options: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        cleaned = value.strip().lower()
        if cleaned not in options:
            raise SettingError(f"choose one of {', '.join(options)}")
        return cleaned

    return check


def _int_between(low: int, high: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        try:
            number = int(value)
        except ValueError as error:
            raise SettingError(f"{value!r} is not a whole number") from error
        if not low <= number <= high:
            raise SettingError(f"{number} is outside {low}–{high}")
        return str(number)

    return check


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its key, its default, what it means and how a new value is checked."""

    key: str
    default: Callable[[], str]
    help: str
    check: Callable[[str], str]
    secret: bool = False


SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("timezone", machine_timezone, "Your IANA time zone, e.g. Europe/London", _timezone),
        SettingSpec("country", lambda: "", "Country whose public holidays are not business days (ISO code)", _country),
        SettingSpec("next_contact_business_days", lambda: "3", "No reply after this many business days: contact a second person there", _int_between(1, 30)),
        SettingSpec("follow_up_business_days", lambda: "7", "No reply after this many business days: one follow-up", _int_between(2, 60)),
        SettingSpec("confirm_days_before", lambda: "2", "Confirm a scheduled conversation this many days before", _int_between(1, 7)),
        SettingSpec("thank_you_due_hours", lambda: "24", "A thank-you is due this many hours after the conversation", _int_between(1, 72)),
        SettingSpec("thank_you_overdue_hours", lambda: "72", "After this many hours a thank-you is overdue", _int_between(24, 240)),
        SettingSpec("keep_in_touch_days", lambda: "90", "Default days between check-ins with a mentor or a person with a cadence", _int_between(30, 365)),
        SettingSpec("meeting_minutes", lambda: "20", "Default length of a conversation to ask for", _int_between(10, 120)),
        SettingSpec("your_name", lambda: "", "Your name, used to sign drafts", lambda v: v.strip()),
        SettingSpec("your_email", lambda: "", "Your email address: the sender of what coffeechat sends", _email),
        SettingSpec("your_school", lambda: "", "Your school or the group you share with alumni, used in alumni drafts", lambda v: " ".join(v.split())),
        SettingSpec("message_mode", lambda: "6point", "The request rules drafts are checked against: 6point or 5point", _choice("6point", "5point")),
        SettingSpec("smtp_host", lambda: "", "Your mail provider's SMTP server, e.g. smtp.gmail.com", lambda v: v.strip()),
        SettingSpec("smtp_port", lambda: "587", "Its port (587 for STARTTLS, 465 for SSL, 25 plain)", _int_between(1, 65535)),
        SettingSpec("smtp_username", lambda: "", "The user name for the SMTP server", lambda v: v.strip()),
        SettingSpec("smtp_password", lambda: "", "The password (an app password); never shown again", lambda v: v, secret=True),
        SettingSpec("smtp_security", lambda: "starttls", "starttls, ssl or none", _choice("starttls", "ssl", "none")),
    )
}




def with_defaults(stored: dict[str, str]) -> dict[str, str]:
    """Every setting's value: the stored one, else its default."""
    return {key: stored.get(key, spec.default()) for key, spec in SPECS.items()}
