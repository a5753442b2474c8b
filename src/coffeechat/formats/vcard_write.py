"""Writing contacts as vCard 4.0 (RFC 6350): one file of many cards, or a folder of one card per file.

The folder form is what khard and vdirsyncer keep ("vdir"): each card in ``<uid>.vcf``. The UID is fixed
by the caller (coffeechat keeps one per person), so exporting twice rewrites the same files rather than
creating new cards on the user's phone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from coffeechat.core.links import is_web_url
from coffeechat.formats.contact import ContactRecord
from coffeechat.formats.spreadsheet import TextSink

PRODUCT_ID = "-//coffeechat//coffeechat//EN"
CONNECTED_ON_PROPERTY = "X-COFFEECHAT-CONNECTED-ON"
_MAX_LINE_OCTETS = 75
_SAFE_FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@+-]{0,150}")


@dataclass(frozen=True, slots=True)
class CardToWrite:
    """One contact to export: its fields, its stable UID, and optionally when it last changed (REV).

    The UID identifies the card across exports; ``contact.uid`` is ignored in favour of ``uid``.
    """

    uid: str
    contact: ContactRecord
    revised: datetime | None = None


def escape_text(value: str) -> str:
    """A text value escaped as RFC 6350 asks: backslash, comma, semicolon and line breaks."""
    value = value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold_line(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= _MAX_LINE_OCTETS:
        return line + "\r\n"
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, _MAX_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = [], 0, _MAX_LINE_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _uri(url: str) -> str:
    # URIs are not escaped in vCard 4.0, but common readers (vobject, hence khard) split a URL at a bare
    # comma; a percent-encoded comma means the same to a web server and survives every reader.
    return url.strip().replace(",", "%2C")


def _basic_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def card_text(entry: CardToWrite) -> str:
    """The vCard 4.0 text of one contact, lines folded and ended with CRLF."""
    contact = entry.contact
    full_name = contact.full_name or " ".join(p for p in (contact.first_name, contact.last_name) if p)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"PRODID:{PRODUCT_ID}",
        f"UID:{escape_text(entry.uid)}",
        f"FN:{escape_text(full_name)}",
        f"N:{escape_text(contact.last_name)};{escape_text(contact.first_name)};;;",
    ]
    lines += [f"EMAIL:{escape_text(email)}" for email in contact.emails]
    lines += [f"TEL;VALUE=text:{escape_text(phone)}" for phone in contact.phones]
    if contact.organization:
        lines.append(f"ORG:{escape_text(contact.organization)}")
    if contact.title:
        lines.append(f"TITLE:{escape_text(contact.title)}")
    if contact.location:
        lines.append(f"ADR:;;;{escape_text(contact.location)};;;")
    # Only web addresses become URL properties (an address book opens them when tapped); anything else —
    # a javascript: or data: address from an old backup — is left out of the card.
    lines += [f"URL:{_uri(url)}" for url in (contact.linkedin_url, *contact.urls) if is_web_url(url)]
    if contact.tags:
        lines.append("CATEGORIES:" + ",".join(escape_text(tag) for tag in contact.tags))
    if contact.notes:
        lines.append(f"NOTE:{escape_text(contact.notes)}")
    if contact.birthday:
        lines.append(f"BDAY:{_basic_date(contact.birthday)}")
    if contact.connected_on:
        lines.append(f"{CONNECTED_ON_PROPERTY}:{_basic_date(contact.connected_on)}")
    if entry.revised:
        revised = entry.revised.astimezone(UTC) if entry.revised.tzinfo else entry.revised
        lines.append(f"REV:{revised.strftime('%Y%m%dT%H%M%SZ')}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) for line in lines)


def write_vcards(entries: Iterable[CardToWrite], stream: TextSink) -> int:
    """Write every card to one text stream (open it with ``newline=""`` to keep CRLF); returns the count."""
    count = 0
    for entry in entries:
        stream.write(card_text(entry))
        count += 1
    return count


def card_file_name(uid: str) -> str:
    """The file a card is kept in inside a vdir: ``<uid>.vcf``, or a hash of the UID if it is not file-safe."""
    if _SAFE_FILE_NAME.fullmatch(uid):
        return f"{uid}.vcf"
    return hashlib.sha256(uid.encode("utf-8")).hexdigest()[:32] + ".vcf"


