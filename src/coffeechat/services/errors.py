"""Errors services raise for the user to read (re-exported from ``core.errors`` so every layer shares them).

Raise ``UserError`` (or a subclass) for bad input or a state the user can change; never catch a bare
``Exception`` to turn it into one, so a programming error stays visible as one.
"""

from __future__ import annotations

from typing import Any

from coffeechat.core.errors import BUSY_MESSAGE, Busy, NotFound, UserError

__all__ = ["BUSY_MESSAGE", "Busy", "NotFound", "UserError", "is_lock_timeout", "refuse_nul", "strip_nul"]


def is_lock_timeout(error: BaseException) -> bool:
    """Whether a database error is SQLite's "database is locked" (another writer held the lock too long)."""
    from django.db import OperationalError

    return isinstance(error, OperationalError) and "locked" in str(error).lower()


def strip_nul(text: str) -> str:
    """``text`` without NUL characters (PostgreSQL refuses them in text columns; nobody types them)."""
    return text.replace("\x00", "") if "\x00" in text else text


def refuse_nul(value: Any, field: str) -> None:
    """Raise UserError naming ``field`` when a text value holds a NUL character."""
    if isinstance(value, str) and "\x00" in value:
        raise UserError(f"{field}: the text contains a NUL character (\\0), which cannot be stored")
