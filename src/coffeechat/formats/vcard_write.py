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


def unescape_text(value: str) -> str:
    """A text value with RFC 6350's escapes undone (``\\,`` ``\\;`` ``\\n`` ``\\\\``)."""
    out, escaped = [], False
    for char in value:
        if escaped:
            out.append("\n" if char in "nN" else char)
            escaped = False
        elif char == "\\":
            escaped = True
        else:
            out.append(char)
    return "".join(out)


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




# What coffeechat writes from its own record: on a card it exports again, these say what coffeechat holds.
# Every other property of a card already in the folder (a photo, a nickname, a birthday, Apple's labels, a
# server's own X- fields) belongs to whoever added it, and is kept as it was.
OWN_PROPERTIES = frozenset({
    "BEGIN", "END", "VERSION", "PRODID", "UID", "REV", "FN", "N", "EMAIL", "TEL", "ORG", "TITLE", "ADR", "URL",
    "CATEGORIES", "NOTE", CONNECTED_ON_PROPERTY,
})


# Addresses are only ever added to a card: one coffeechat does not hold stays on it (an import adds it).
_ADDED_ONLY = frozenset({"EMAIL", "TEL", "URL"})


@dataclass(frozen=True, slots=True)
class ContentLine:
    """One property of a card: its lines as found (folded, CRLF-ended), its name, and its value unfolded."""

    physical: str
    name: str
    value: str


def _split_head(logical: str) -> tuple[str, str]:
    """('item1.EMAIL;TYPE=work', 'dana@…') from a logical line: the first colon outside double quotes."""
    quoted = False
    for index, char in enumerate(logical):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return logical[:index], logical[index + 1:]
    return logical, ""


def content_lines(text: str) -> list[ContentLine]:
    """The properties of the first card in ``text`` (BEGIN to END), or [] when it holds no whole card."""
    found: list[ContentLine] = []
    pieces: list[str] = []

    def close() -> None:
        if pieces:
            logical = pieces[0] + "".join(piece[1:] for piece in pieces[1:])
            head, value = _split_head(logical)
            name = head.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()
            found.append(ContentLine("".join(piece + "\r\n" for piece in pieces), name, value))
            pieces.clear()

    for line in text.splitlines():
        if line[:1] in (" ", "\t") and pieces:
            pieces.append(line)
            continue
        close()
        if line.strip():
            pieces.append(line)
    close()
    begin = next((i for i, line in enumerate(found) if line.name == "BEGIN"), None)
    end = next((i for i, line in enumerate(found) if line.name == "END"), None)
    if begin is None or end is None or end < begin:
        return []
    return found[begin:end + 1]


def _components(value: str) -> list[str]:
    """A structured value split at its unescaped semicolons, each part unescaped."""
    parts = re.split(r"(?<!\\);", value.replace("\\\\", "\x00"))
    return [" ".join(unescape_text(part.replace("\x00", "\\\\")).split()) for part in parts]


def _digits(value: str) -> str:
    return "".join(char for char in value if char.isdigit())


def _same_value(name: str, ours: str, theirs: str) -> bool:
    """Whether a line of the card in the folder says what coffeechat's line says, in its own words."""
    if name == "EMAIL":
        return ours.strip().casefold() == theirs.strip().removeprefix("mailto:").casefold()
    if name == "TEL":
        a, b = _digits(ours), _digits(theirs.removeprefix("tel:"))
        short, long = sorted((a, b), key=len)
        # "+1 312-555-0100" is "(312) 555-0100" with its country code: the same number.
        return bool(short) and (a == b or (len(short) >= 7 and long.endswith(short)))
    if name == "URL":
        return _uri(ours) == _uri(theirs)
    if name == "ORG":
        return _components(ours)[0].casefold() == _components(theirs)[0].casefold()
    if name == "ADR":
        def place(value: str) -> str:
            parts = (_components(value) + [""] * 7)[:7]
            return ", ".join(part for part in (parts[3], parts[4], parts[6]) if part).casefold()
        return place(ours) == place(theirs)
    return False


def merged_card_text(entry: CardToWrite, existing: str) -> str:
    """The card of ``entry`` written over ``existing`` (the card of the same UID already in the folder).

    What coffeechat holds is written as coffeechat holds it, but a line of the existing card that says the
    same email, phone, web address, organisation or place keeps its own form (its type, its label, the
    street of an address, a department); an email, phone or web address coffeechat does not hold is kept,
    and so is every property coffeechat does not keep (OWN_PROPERTIES), as they were, in their order,
    before END. So exporting again over a card synced back from a server (a
    phone's address book, say) loses nothing of it. Without a whole card in ``existing``, this is
    ``card_text(entry)``.
    """
    ours_text = card_text(entry)
    theirs = content_lines(existing)
    if not theirs:
        return ours_text
    ours = content_lines(ours_text)
    written = {line.name for line in ours}
    unused = [line for line in theirs if line.name in ("EMAIL", "TEL", "URL", "ORG", "ADR")]
    out: list[str] = []
    for line in ours:
        if line.name == "END":
            # Matching is over: what is left of theirs is kept if coffeechat does not keep it, and so is an
            # address (email, phone, web) coffeechat does not hold: cards only ever gain addresses here.
            out += [old.physical for old in theirs
                    if (old.name not in OWN_PROPERTIES and old.name not in written)
                    or (old.name in _ADDED_ONLY and old in unused)]
        match = next((old for old in unused if old.name == line.name and _same_value(line.name, line.value,
                                                                                        old.value)), None)
        if match is not None:
            unused.remove(match)
            out.append(match.physical)
        else:
            out.append(line.physical)
    return "".join(out)
