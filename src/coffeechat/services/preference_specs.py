"""What each setting is: its key, label, default, meaning, choices and check. Free of Django, so fast paths
can read it.

Each setting has a default from docs/practice.md and is stored per owner only once the user changes it
(services/preferences.py reads and writes them). Every way a setting changes — the settings page,
``coffeechat settings set`` and a restored backup — goes through :func:`check_changes`, which checks each
value on its own and then the rules between settings (the second contact comes before the follow-up).
Heavy libraries (``holidays``, the zone list) are imported only when a value is checked or offered.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from coffeechat.core.countries import canonical_country, country_names


class SettingError(ValueError):
    """A setting name or value that cannot be used; the message says why and what would work."""


class SettingsInvalid(SettingError):
    """One or more settings refused; ``errors`` maps each setting's key to the reason."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {reason}" for key, reason in self.errors.items()))


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


Choices = list[tuple[str, str]]

# -- the checks of single values ---------------------------------------------------------------------


def _timezone(value: str) -> str:
    from coffeechat.core.zones import canonical_zone

    name = canonical_zone(value)
    if name is None:
        raise SettingError(f"unknown time zone {value.strip()!r}: {_zone_hint(value)}")
    return name


def _zone_hint(value: str) -> str:
    """What to type instead: the zones whose city matches what was typed, else an example."""
    from coffeechat.core.zones import zone_names

    wanted = value.strip().casefold().replace(" ", "_")
    close = [name for name in zone_names() if wanted and "/" in name and wanted in name.casefold().rsplit("/", 1)[1]]
    if close and len(wanted) >= 3:
        return f"did you mean {' or '.join(close[:3])}?"
    return "choose an IANA name such as Europe/London or America/Chicago"


def timezone_choices() -> Choices:
    """Every IANA zone this computer knows, as (value, label) pairs."""
    from coffeechat.core.zones import zone_names

    return [(name, name.replace("_", " ")) for name in zone_names()]


def _country(value: str) -> str:
    code = value.strip().upper()
    if code in {"", "NONE"}:
        return ""
    if canonical_country(code) is None:
        raise SettingError(f"unknown country code {value.strip()!r}: use an ISO code such as US, GB, DE, or none")
    return canonical_country(code) or ""


def country_choices() -> Choices:
    """Every country with public holidays known, by name, after "none"."""
    countries = sorted(country_names().items(), key=lambda item: item[1])
    return [("", "None (only weekends are days off)")] + [(code, f"{name} ({code})") for code, name in countries]


def _email(value: str) -> str:
    value = value.strip()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise SettingError(f"{value!r} does not look like an email address (name@example.org)")
    return value


def _line(limit: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        cleaned = " ".join(value.split())
        if len(cleaned) > limit:
            raise SettingError(f"too long: at most {limit} characters")
        return cleaned

    return check


def _host(value: str) -> str:
    cleaned = value.strip()
    if cleaned and not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]{1,253}", cleaned):
        raise SettingError(f"{cleaned!r} is not a server name such as smtp.gmail.com")
    return cleaned


def _work_hours(value: str) -> str:
    from coffeechat.core.free_slots import FreeSlotError, format_work_hours, parse_work_hours

    try:
        return format_work_hours(parse_work_hours(value))
    except FreeSlotError as error:
        raise SettingError(str(error)) from error


def _work_days(value: str) -> str:
    from coffeechat.core.free_slots import FreeSlotError, format_work_days, parse_work_days

    try:
        return format_work_days(parse_work_days(value))
    except FreeSlotError as error:
        raise SettingError(f"{error} (a list like mon,tue,thu or a range like mon-fri)") from error


def _secret(value: str) -> str:
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
        text = value.strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,9}", text):
            raise SettingError(f"{text!r} is not a whole number from {low} to {high}")
        number = int(text)
        if not low <= number <= high:
            raise SettingError(f"{number} is outside {low}–{high}")
        return str(number)

    return check


@dataclass(frozen=True)
class SettingSpec:
    """One setting: its key, its default, what it means and how a new value is checked.

    ``label`` is the name a person reads; ``kind`` says how it is asked for (text, number, choice, email,
    password); ``choices`` lists the allowed values for a choice; ``low``/``high`` bound a number.
    """

    key: str
    default: Callable[[], str]
    help: str
    check: Callable[[str], str]
    secret: bool = False
    label: str = ""
    group: str = ""
    kind: str = "text"
    choices: Callable[[], Choices] | None = None
    low: int | None = None
    high: int | None = None


def _number(key: str, default: int, low: int, high: int, label: str, help: str, group: str) -> SettingSpec:
    return SettingSpec(key, lambda: str(default), help, _int_between(low, high), label=label, group=group,
                       kind="number", low=low, high=high)


def _fixed(*pairs: tuple[str, str]) -> Callable[[], Choices]:
    return lambda: list(pairs)


YOU, CLOCK, MEETINGS, MAIL = "You", "The follow-up clock", "Conversations", "Sending email"

SPECS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("your_name", lambda: "", "Used to sign the drafts coffeechat writes for you", _line(120),
                    label="Your name", group=YOU),
        SettingSpec("your_email", lambda: "", "The sender of what coffeechat sends for you", _email,
                    label="Your email address", group=YOU, kind="email"),
        SettingSpec("your_school", lambda: "", "Your school or the group you share with alumni, used in alumni drafts",
                    _line(200), label="Your school or group", group=YOU),
        SettingSpec("timezone", machine_timezone, "Dates and times are shown, and reminders fall due, in this zone",
                    _timezone, label="Your time zone", group=YOU, kind="choice", choices=timezone_choices),
        SettingSpec("country", lambda: "", "Its public holidays do not count as business days",
                    _country, label="Your country (for public holidays)", group=YOU, kind="choice",
                    choices=country_choices),
        _number("next_contact_business_days", 3, 1, 30, "Days before a second contact",
                "No reply after this many business days: contact a second person at the same organisation",
                CLOCK),
        _number("follow_up_business_days", 7, 2, 60, "Days before the follow-up",
                "No reply after this many business days: send one follow-up to the first person", CLOCK),
        _number("keep_in_touch_days", 90, 30, 365, "Days between check-ins",
                "Default days between check-ins with a mentor or a person with a cadence", CLOCK),
        SettingSpec("message_mode", lambda: "6point", "Which rules your request drafts are checked against",
                    _choice("6point", "5point"), label="Request message rules", group=CLOCK, kind="choice",
                    choices=_fixed(("6point", "6-point (2nd edition): under 75 words, a question, about them"),
                                   ("5point", "5-point (1st edition): under 100 words, no mention of jobs"))),
        _number("meeting_minutes", 20, 10, 120, "Minutes to ask for", "Default length of a conversation to ask for",
                MEETINGS),
        SettingSpec("work_hours", lambda: "09:00-17:00",
                    "Free times offered in your drafts start and end inside these hours, on your own clock",
                    _work_hours, label="Your working hours (HH:MM-HH:MM)", group=MEETINGS),
        SettingSpec("work_days", lambda: "mon-fri",
                    "The days free times are offered on: a range like mon-fri or a list like mon,tue,thu",
                    _work_days, label="Your working days", group=MEETINGS),
        _number("confirm_days_before", 2, 1, 7, "Days before, confirm",
                "Confirm a scheduled conversation this many days before it", MEETINGS),
        _number("thank_you_due_hours", 24, 1, 72, "Hours to send a thank-you",
                "A thank-you is due this many hours after the conversation", MEETINGS),
        _number("thank_you_overdue_hours", 72, 24, 240, "Hours before a thank-you is overdue",
                "After this many hours a thank-you is overdue", MEETINGS),
        SettingSpec("smtp_host", lambda: "", "Your mail provider's SMTP server, e.g. smtp.gmail.com", _host,
                    label="Mail server (SMTP)", group=MAIL),
        _number("smtp_port", 587, 1, 65535, "Mail server port", "587 for STARTTLS, 465 for SSL, 25 plain", MAIL),
        SettingSpec("smtp_security", lambda: "starttls", "How the connection to the mail server is protected",
                    _choice("starttls", "ssl", "none"), label="Connection security", group=MAIL, kind="choice",
                    choices=_fixed(("starttls", "STARTTLS (usually port 587)"), ("ssl", "SSL/TLS (usually port 465)"),
                                   ("none", "None (only for a server on this computer)"))),
        SettingSpec("smtp_username", lambda: "", "The user name for the mail server", _line(254),
                    label="Mail user name", group=MAIL),
        SettingSpec("smtp_password", lambda: "", "The password (an app password); never shown again", _secret,
                    secret=True, label="Mail password", group=MAIL, kind="password"),
        _number("mail_sync_minutes", 5, 0, 1440, "Minutes between mail reads",
                "While coffeechat serve runs, it reads your connected mail and calendar this often; 0 turns it off",
                MAIL),
    )
}


@dataclass(frozen=True)
class Rule:
    """A rule between settings: ``earlier`` must be smaller than ``later``; the reason names both."""

    earlier: str
    later: str
    reason: Callable[[int, int], str]


RULES: tuple[Rule, ...] = (
    Rule("next_contact_business_days", "follow_up_business_days",
         lambda a, b: f"the second contact ({a} business days) must come before the follow-up ({b} business days)"),
    Rule("thank_you_due_hours", "thank_you_overdue_hours",
         lambda a, b: f"a thank-you must be due ({a} hours) before it is overdue ({b} hours)"),
)


def with_defaults(stored: dict[str, str]) -> dict[str, str]:
    """Every setting's value: the stored one, else its default."""
    return {key: stored.get(key, spec.default()) for key, spec in SPECS.items()}


def check_setting(key: str, value: str) -> str:
    """One value checked on its own: the value as it will be stored, or a SettingError saying why not."""
    if key not in SPECS:
        raise SettingError(f"not a setting; known: {', '.join(SPECS)}")
    if not isinstance(value, str):
        raise SettingError(f"{key}: should be text, not {type(value).__name__}")
    return SPECS[key].check(value)


def check_changes(current: Mapping[str, str], changes: Mapping[str, str]) -> dict[str, str]:
    """Check new values against their own rules and the rules between settings, all at once.

    ``current`` holds every setting's value now (defaults applied); ``changes`` the new values by key.
    Returns the cleaned values to store, or raises SettingsInvalid with a reason per refused key. A rule
    between two settings is checked when either of them changes, and the reason is given to the one
    changed (to the earlier one when both change).
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for key, value in changes.items():
        try:
            cleaned[key] = check_setting(key, value)
        except SettingError as error:
            errors[key] = str(error)
    merged = {**with_defaults(dict(current)), **cleaned}
    changed = set(changes)
    for rule in RULES:
        if not changed & {rule.earlier, rule.later} or rule.earlier in errors or rule.later in errors:
            continue
        try:
            earlier, later = int(merged[rule.earlier]), int(merged[rule.later])
        except ValueError:
            continue  # an old stored value that is not a number: its own check reports it when it changes
        if earlier >= later:
            blamed = rule.earlier if rule.earlier in changed else rule.later
            errors[blamed] = rule.reason(earlier, later)
    if errors:
        raise SettingsInvalid(errors)
    return cleaned
