"""The header block of one mail message, read into a small record: who, when, which thread, what subject.

Pure: no Django, no I/O. Only the header fields below are looked at, and only the header block is parsed
(everything after the first blank line is cut off unread). Bad input (no Message-ID, a missing or
unreadable Date, undecodable encoded words, stray 8-bit bytes) never raises: ``parse_headers`` returns a
one-line reason the message was skipped instead of a record.
"""

from __future__ import annotations

import email.parser
import email.policy
import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, datetime

HEADER_FIELDS = ("From", "To", "Cc", "Date", "Message-ID", "In-Reply-To", "References", "Subject")

FOLDERS = ("inbox", "sent")

SUBJECT_LIMIT = 300
# A Message-ID longer than this cannot be stored (MailSeen.mail_id); such a message is skipped.
MAIL_ID_LIMIT = 500
# However long a header block claims to be, no more than this is looked at.
HEADER_BLOCK_LIMIT = 256 * 1024

_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
_ANGLE_ID = re.compile(r"<([^<>]*)>")
_WHITESPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


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


def header_block(raw: bytes) -> bytes:
    """The header block of a message (``raw`` may hold the whole message): everything before the first blank
    line, at most ``HEADER_BLOCK_LIMIT`` bytes."""
    head = raw[:HEADER_BLOCK_LIMIT]
    found = _BLANK_LINE.search(head)
    if found is not None:
        head = head[: found.start()]
    if head.startswith((b"\n", b"\r\n")):  # the message begins with the blank line: no headers at all
        return b""
    return head


def normalise_mail_id(value: str) -> str:
    """A Message-ID as coffeechat keeps it: the text between the angle brackets, without any whitespace."""
    found = _ANGLE_ID.search(value)
    text = found.group(1) if found is not None else value
    return _WHITESPACE.sub("", _CONTROL.sub("", text))


def mail_id_list(value: str) -> tuple[str, ...]:
    """The Message-IDs of a References / In-Reply-To header, in order, each once (unusable ones dropped)."""
    found = _ANGLE_ID.findall(value)
    pieces = found if found else value.split()
    seen: dict[str, None] = {}
    for piece in pieces:
        mail_id = normalise_mail_id(piece)
        if mail_id and len(mail_id) <= MAIL_ID_LIMIT:
            seen.setdefault(mail_id, None)
    return tuple(seen)


def parse_headers(raw: bytes, folder: str) -> HeaderRecord | str:
    """The record of a message's header block (``raw`` may hold the whole message), or why it was skipped."""
    if folder not in FOLDERS:
        raise ValueError(f"folder must be one of {FOLDERS}, not {folder!r}")
    try:
        return _parse(raw, folder)
    except Exception as error:  # whatever the headers hold, a bad message is skipped, never fatal
        return f"unreadable headers ({type(error).__name__})"


def _text(block: bytes) -> str:
    try:
        return block.decode("utf-8")  # RFC 6532 headers, or plain ASCII
    except UnicodeDecodeError:
        return block.decode("latin-1")  # an old 8-bit header: every byte stays a character


def _parse(raw: bytes, folder: str) -> HeaderRecord | str:
    # compat32 keeps the raw header text and never parses structure; each field is read on its own below.
    message = email.parser.Parser(policy=email.policy.compat32).parsestr(_text(header_block(raw)), headersonly=True)

    def values(name: str) -> list[str]:
        return [str(value) for value in (message.get_all(name) or [])]

    raw_ids = values("Message-ID")
    if not raw_ids or not raw_ids[0].strip():
        return "no Message-ID header"
    mail_id = normalise_mail_id(raw_ids[0])
    if not mail_id:
        return "empty Message-ID header"
    if len(mail_id) > MAIL_ID_LIMIT:
        return f"Message-ID longer than {MAIL_ID_LIMIT} characters"

    dates = values("Date")
    if not dates or not dates[0].strip():
        return "no Date header"
    date = _date(dates[0])
    if date is None:
        return f"unreadable Date header ({_one_line(dates[0])[:60]!r})"

    senders = _addresses(values("From"))
    if not senders:
        return "no From address"
    recipients = tuple(address for address in _addresses(values("To") + values("Cc")) if address)

    replies = values("In-Reply-To")
    in_reply_to_ids = mail_id_list(replies[0]) if replies else ()
    references = tuple(mail_id for value in values("References") for mail_id in mail_id_list(value))
    subjects = values("Subject")
    subject = _subject(subjects[0]) if subjects else ""
    return HeaderRecord(
        mail_id=mail_id,
        folder=folder,
        sender=senders[0],
        recipients=recipients,
        date=date,
        subject=subject,
        in_reply_to=in_reply_to_ids[0] if in_reply_to_ids else "",
        references=tuple(dict.fromkeys(references)),
    )


def _date(value: str) -> datetime | None:
    try:
        parsed = email.utils.parsedate_to_datetime(_one_line(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    if parsed.tzinfo is None:  # "-0000": the zone is unknown; RFC 5322 reads the time as UTC
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def _addresses(values: list[str]) -> tuple[str, ...]:
    """The addresses in address headers, lower case, in order, each once (groups and empty names dropped)."""
    seen: dict[str, None] = {}
    for _name, address in email.utils.getaddresses([_one_line(value) for value in values]):
        address = _CONTROL.sub("", address).strip().lower()
        if "@" in address and not _WHITESPACE.search(address) and len(address) <= 254:
            seen.setdefault(address, None)
    return tuple(seen)


def _subject(value: str) -> str:
    try:
        decoded = str(email.policy.default.header_factory("Subject", value))
    except Exception:  # an undecodable subject is shown as it came
        decoded = value
    return _one_line(decoded)[:SUBJECT_LIMIT].strip()


def _one_line(value: str) -> str:
    return _WHITESPACE.sub(" ", _CONTROL.sub(" ", value)).strip()
