"""The header block of one mail message, read into a small record: who, when, which thread, what subject.

Pure: no Django, no I/O. Only the header fields below are looked at; a body is never parsed. Bad input
(no Message-ID, a missing or unreadable Date, undecodable words) never raises: ``parse_headers`` returns a
one-line reason the message was skipped instead of a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

HEADER_FIELDS = ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "References", "Subject")

FOLDERS = ("inbox", "sent")

SUBJECT_LIMIT = 300


@dataclass(frozen=True)
class HeaderRecord:
    """What coffeechat keeps of a message's headers."""

    mail_id: str  # Message-ID without <>, stripped; never empty
    folder: str  # "inbox" or "sent"
    sender: str  # From address, lower case
    recipients: tuple[str, ...]  # To + Cc addresses, lower case, in order, no duplicates
    date: datetime  # aware, UTC
    subject: str  # decoded (RFC 2047), one line, at most 300 chars
    in_reply_to: str  # normalised Message-ID or ""
    references: tuple[str, ...]  # normalised Message-IDs, oldest first

    @property
    def addresses(self) -> tuple[str, ...]:
        """The sender, then the recipients."""
        return (self.sender, *self.recipients)


def parse_headers(raw: bytes, folder: str) -> HeaderRecord | str:
    """The record of a message's header block (``raw`` may hold the whole message), or why it was skipped."""
    raise NotImplementedError  # filled in next
