"""The words coffeechat's records are made of, once: each choice list with the label a person reads.

The models' choices (``Person.HowKnown``, ``Conversation.State``, ...), the rules in core, the CLI's
``click.Choice`` options and the web forms all take their lists from here; tests/core/test_vocabulary.py
checks that every model's TextChoices says exactly this, so a new value is added here first. Pure Python:
no Django, so the CLI reads it without starting the framework.
"""

from __future__ import annotations

from typing import Literal

# How the user knows a person (docs/practice.md §3.2); decides which request template fits (§4.3).
HOW_KNOWN_LABELS: dict[str, str] = {
    "alumni": "Alumni",
    "referral": "Referral",
    "cold": "Cold",
    "colleague": "Colleague",
    "friend": "Friend or family",
    "other": "Other",
}
HOW_KNOWN: tuple[str, ...] = tuple(HOW_KNOWN_LABELS)

# Where a relationship is, up to mentor (docs/practice.md §3.10).
STAGE_LABELS: dict[str, str] = {
    "new": "New",
    "contacted": "Contacted",
    "met": "Met",
    "ongoing": "Ongoing",
    "mentor": "Mentor",
}
STAGES: tuple[str, ...] = tuple(STAGE_LABELS)

# What a message is. "confirm" is stored, but the follow-up rules read only MESSAGE_KINDS.
MESSAGE_KIND_LABELS: dict[str, str] = {
    "request": "Request",
    "follow_up": "Follow-up",
    "thank_you": "Thank-you",
    "update": "Update",
    "report_back": "Report-back",
    "confirm": "Confirmation",
}
MESSAGE_KINDS: tuple[str, ...] = ("request", "follow_up", "thank_you", "update", "report_back")
MESSAGE_STATUS_LABELS: dict[str, str] = {"draft": "Draft", "sent": "Sent"}

# A conversation's life, how it happens and why (docs/practice.md §3.6, §4.9).
CONVERSATION_STATE_LABELS: dict[str, str] = {
    "proposed": "Proposed",
    "scheduled": "Scheduled",
    "held": "Held",
    "cancelled": "Cancelled",
}
CONVERSATION_STATES: tuple[str, ...] = tuple(CONVERSATION_STATE_LABELS)
CHANNEL_LABELS: dict[str, str] = {"video": "Video call", "phone": "Phone", "in_person": "In person"}
CHANNELS: tuple[str, ...] = tuple(CHANNEL_LABELS)
PURPOSE_LABELS: dict[str, str] = {"career": "Career conversation", "reporting": "Reporting (as a journalist)"}
PURPOSES: tuple[str, ...] = tuple(PURPOSE_LABELS)

CONTACT_KIND_LABELS: dict[str, str] = {"email": "Email", "phone": "Phone", "url": "Link"}

# The due actions of `coffeechat next`, most urgent kind first (the tie-break of the list's order).
ACTION_KINDS: tuple[str, ...] = (
    "confirm",
    "prepare",
    "thank_you",
    "log_notes",
    "follow_up",
    "next_contact",
    "referral",
    "congratulate",
    "report_back",
    "task",
    "keep_in_touch",
)

# The request templates (docs/practice.md §4.3): one per way of knowing someone, and two for reporting.
TEMPLATES: tuple[str, ...] = ("alumni", "referral", "cold", "journalism", "politics")

# The two sets of rules a request is checked against (docs/practice.md §4.3); 6-point is the default.
Mode = Literal["5point", "6point"]
MODES: tuple[Mode, ...] = ("5point", "6point")

# What `coffeechat search` can find.
SEARCH_KINDS: tuple[str, ...] = ("person", "note", "conversation", "insight", "referral", "task", "message", "reflection")


def choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    """(value, label) pairs in order, as a Django form's ChoiceField takes them."""
    return list(labels.items())
