"""Per-user state that is not part of the practice: settings, action states and login links."""

from __future__ import annotations

from django.db import models

from coffeechat.models.base import Owned


class UserSetting(Owned):
    """One setting of one user (``country``, ``timezone``, rule numbers…), stored as text."""

    key = models.CharField(max_length=80)
    value = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="setting_unique_key_per_owner")]

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


class ActionState(Owned):
    """The user marked a computed due action done, or snoozed it until a date."""

    action_key = models.CharField(max_length=120)
    done_at = models.DateTimeField(null=True, blank=True)
    snoozed_until = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "action_key"], name="action_state_unique_per_owner")
        ]

    def __str__(self) -> str:
        return self.action_key


class LoginToken(Owned):
    """A one-time login link printed by ``coffeechat serve``; only its hash is kept."""

    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"login link until {self.expires_at:%Y-%m-%d %H:%M}"
