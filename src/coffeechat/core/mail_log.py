"""What a message read from the user's mail is taken for (issue 16 §2): a request, a reply, a follow-up, a
thank-you, or another message.

Pure: the service (services/mail_sync.py) reads the record as it stood at the message's date into the small
facts below, and writes what ``classify`` decides through the same use cases as ``coffeechat log``.

A message **you sent** to someone in your network, checked in this order:

1. a conversation with them was held before it and still waits for its thank-you → ``thank_you``
   (in its thread or in a new one, whenever it is sent: after a held conversation, your next message is the
   thank-you);
2. a request or follow-up of yours to them is still unanswered → ``follow_up``, the one follow-up of the 3B7
   clock (docs/practice.md §4.4) — except a message sent less than ``ADDENDUM`` after it (a correction, the
   attachment you forgot), which is ``other``; a second follow-up is refused by the logbook, and the sync then
   records the message as ``other``;
3. the thread already holds a message between you and them, you have talked with them, or they have
   answered a request of yours → ``other`` (a message in a relationship already under way, not a new request);
4. something later than this message is already on their record → ``other``: old mail read late never
   starts a clock behind what the record says;
5. otherwise → ``request`` (the 3B7 clock starts at its date).

A message **they sent** you:

1. a request or follow-up of yours to them is still unanswered → ``reply`` (their first answer, in the
   thread of your request or in a new one: people often answer with a new message);
2. otherwise → ``other``.

``other`` is recorded as seen (so a second sync skips it, and the user can correct it); on the timeline, a
message *you* sent is one plain "You wrote to …" entry (it counts as being in touch, docs/practice.md §4.8),
and a message *they* sent adds nothing (the timeline keeps what the rules read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

Direction = Literal["sent", "received"]
Kind = Literal["request", "reply", "follow_up", "thank_you", "other"]

KINDS: Final[tuple[Kind, ...]] = ("request", "reply", "follow_up", "thank_you", "other")
SENT_KINDS: Final[frozenset[str]] = frozenset({"request", "follow_up", "thank_you", "other"})
RECEIVED_KINDS: Final[frozenset[str]] = frozenset({"reply", "other"})

# A second message this soon after an unanswered request is an addendum, not the follow-up of §4.4.
ADDENDUM: Final = timedelta(hours=24)


@dataclass(frozen=True)
class PersonState:
    """The person's record as it stood at the message's date (what the logbook would act on).

    ``thank_you_due``: the latest held conversation without a thank-you took place at or before the date.
    ``waiting_since``: when your latest unanswered request or follow-up (sent at or before the date) went out.
    ``talked_before``: a conversation with them was held at or before the date.
    ``answered_before``: they answered a request or follow-up of yours sent at or before the date.
    ``later_on_record``: a request, follow-up, reply, meeting or thank-you is on record after the date.
    """

    thank_you_due: bool = False
    waiting_since: datetime | None = None
    talked_before: bool = False
    answered_before: bool = False
    later_on_record: bool = False


@dataclass(frozen=True)
class Decision:
    """What the message is taken for, and why in a few words (shown in the mail log)."""

    kind: Kind
    reason: str


def allowed_kinds(direction: Direction) -> frozenset[str]:
    """The kinds a message of this direction can be taken for (a reply is theirs; the rest are yours)."""
    return SENT_KINDS if direction == "sent" else RECEIVED_KINDS


def classify(direction: Direction, at: datetime, *, earlier_in_thread: bool, state: PersonState) -> Decision:
    """What a message is taken for; ``earlier_in_thread``: its thread already holds a recorded message
    between the user and this person, dated before it."""
    if direction == "received":
        if state.waiting_since is not None:
            return Decision("reply", "their first answer to your request")
        return Decision("other", "a message from them, not the answer to a request")
    if state.thank_you_due:
        return Decision("thank_you", "your first message after your conversation")
    if state.waiting_since is not None:
        if at - state.waiting_since < ADDENDUM:
            return Decision("other", "sent within a day of your request: an addendum, not the follow-up")
        return Decision("follow_up", "your request had no answer yet")
    if earlier_in_thread:
        return Decision("other", "a later message in a thread already under way")
    if state.talked_before or state.answered_before:
        return Decision("other", "a new message to someone you are already in touch with")
    if state.later_on_record:
        return Decision("other", "older than what is already on their record")
    return Decision("request", "your first message to them")


def thread_root(mail_id: str, in_reply_to: str, references: tuple[str, ...], known_roots: dict[str, str]) -> str:
    """The Message-ID a message's thread began with.

    A parent already recorded gives its own root (``known_roots``: recorded Message-ID → its root), checked
    from the nearest parent back; otherwise the oldest reference, the parent, or the message itself.
    """
    for parent in (in_reply_to, *reversed(references)):
        if parent and parent in known_roots:
            return known_roots[parent]
    if references:
        return references[0]
    return in_reply_to or mail_id
