"""Writing entries on a person's timeline. Every use case that changes the record adds one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coffeechat.models import Conversation, Message, Person, Touch
from coffeechat.services.clock import now


def record_touch(
    owner: Any,
    person: Person,
    kind: str,
    summary: str,
    *,
    at: datetime | None = None,
    message: Message | None = None,
    conversation: Conversation | None = None,
) -> Touch:
    """Add one entry to ``person``'s timeline (call inside the use case's transaction)."""
    return Touch.objects.create(
        owner=owner,
        person=person,
        kind=kind,
        summary=summary[:500],
        at=at or now(),
        message=message,
        conversation=conversation,
    )
