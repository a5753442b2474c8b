"""The user's settings, read and written per owner (what each one means lives in preference_specs)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from coffeechat.models import UserSetting
from coffeechat.services.preference_specs import (
    SPECS,
    SettingError,
    SettingsInvalid,
    SettingSpec,
    check_changes,
    machine_timezone,
    with_defaults,
)
from coffeechat.services.secrets import seal_secret

__all__ = ["SPECS", "SettingError", "SettingSpec", "SettingsInvalid", "all_settings", "get_setting",
           "machine_timezone", "set_setting", "set_settings", "shown_settings"]


def all_settings(owner: Any) -> dict[str, str]:
    """Every setting with its current value (stored or default)."""
    return with_defaults(dict(UserSetting.objects.owned_by(owner).values_list("key", "value")))


def shown_settings(owner: Any) -> dict[str, str]:
    """Every setting for display: secrets appear only as "(set)" or empty, never their value."""
    values = all_settings(owner)
    return {key: ("(set)" if SPECS[key].secret and value else value) for key, value in values.items()}


def get_setting(owner: Any, key: str) -> str:
    """One setting's current value."""
    if key not in SPECS:
        raise SettingError(f"unknown setting {key!r}; known: {', '.join(SPECS)}")
    row = UserSetting.objects.owned_by(owner).filter(key=key).first()
    return row.value if row else SPECS[key].default()


@transaction.atomic
def set_setting(owner: Any, key: str, value: str) -> str:
    """Check and store a new value; returns the value as stored.

    Raises SettingError (SettingsInvalid for a rule between settings) naming what is wrong; nothing is
    stored then.
    """
    return set_settings(owner, {key: value})[key]


@transaction.atomic
def set_settings(owner: Any, changes: dict[str, str]) -> dict[str, str]:
    """Check several new values together (each on its own, then the rules between settings) and store
    them all, or none: raises SettingsInvalid with a reason per refused key. Returns the stored values."""
    cleaned = check_changes(all_settings(owner), changes)
    for key, value in cleaned.items():
        # A secret (the SMTP password) is stored sealed: in the keyring or encrypted (services/secrets).
        stored = seal_secret(owner, key, value) if SPECS[key].secret else value
        UserSetting.objects.update_or_create(owner=owner, key=key, defaults={"value": stored})
    return cleaned
