"""Reading vCard 3.0 and 4.0: one .vcf holding many cards, or a folder of one card per file (khard, vdirsyncer).

Cards are cut apart here and each is parsed on its own with vobject, so one broken card becomes a RowError
and the rest still import. A card's "line" is its 1-based position in its file; for a folder, ``origin``
names the file. Writing lives in ``vcard_write`` and is re-exported here.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import chain, islice
from os import PathLike
from pathlib import Path
from typing import Any, TextIO

from coffeechat.core.matching import normalise_email, normalise_linkedin_url
from coffeechat.formats.contact import (
    ContactRecord,
    FormatError,
    ReadItem,
    RowError,
    RowWarning,
    full_name_of,
    split_full_name,
    unique,
)
from coffeechat.formats.dates import parse_iso_date, readable_birthday
from coffeechat.formats.text import open_text
from coffeechat.formats.vcard_write import CONNECTED_ON_PROPERTY, CardToWrite, write_vcards

__all__ = ["CardToWrite", "is_vcard_text", "read_vcards", "write_vcards"]

VCARD_SUFFIXES = (".vcf", ".vcard")
EXPECTED = "a vCard file (.vcf, starting with BEGIN:VCARD) or a folder of them"


def is_vcard_text(lines: Iterable[str]) -> bool:
    """Whether the first non-blank line of a text is BEGIN:VCARD."""
    for line in lines:
        if line.strip():
            return line.strip().upper() == "BEGIN:VCARD"
    return False


def read_vcards(path: str | PathLike[str]) -> Iterator[ReadItem]:
    """Stream the cards in a .vcf file or a folder of .vcf files: a ContactRecord or RowError per card.

    Raises FormatError at once when ``path`` is neither a vCard file nor a folder holding any.
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in VCARD_SUFFIXES)
        if not files:
            raise FormatError(path, f"holds no .vcf files; expected {EXPECTED}")
        return chain.from_iterable(_cards_in(file, origin=file.name) for file in files)
    with open_text(path) as text:
        if not is_vcard_text(islice(text, 20)):
            raise FormatError(path, f"does not start with BEGIN:VCARD; expected {EXPECTED}")
    return _cards_in(path, origin="")


MAX_LINE_CHARS = 128 * 1024
"""A physical line longer than this is cut off and the property it belongs to left out (with a warning)."""
MAX_PROPERTY_CHARS = 128 * 1024
"""A property (its folded lines together) longer than this is left out, with a warning."""
MAX_CARD_CHARS = 1024 * 1024
"""A card longer than this (without its left-out properties) is skipped as an error."""
UNUSED_PROPERTIES = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
"""Binary properties coffeechat never reads: dropped while streaming, so a card's photo costs no memory."""


def _property_name(line: str) -> str:
    """'item1.PHOTO;ENCODING=b:…' -> 'PHOTO'."""
    head = line.split(":", 1)[0].split(";", 1)[0]
    return head.rsplit(".", 1)[-1].strip().upper()


class _VobjectChatter(logging.Handler):
    """Catches what vobject logs ("Skipped line 3, message: …") so it is counted, never printed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.local = threading.local()

    def emit(self, record: logging.LogRecord) -> None:
        seen: list[str] = getattr(self.local, "seen", None) or []
        seen.append(record.getMessage())
        self.local.seen = seen

    def take(self) -> list[str]:
        seen: list[str] = getattr(self.local, "seen", None) or []
        self.local.seen = []
        return seen


_CHATTER = _VobjectChatter()


def _quiet_vobject() -> None:
    """Route vobject's log to the counter (it adds its own stderr handler when logging is unconfigured)."""
    logger = logging.getLogger("vobject.base")
    if _CHATTER in logger.handlers:
        return
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(_CHATTER)
    logger.propagate = False


def _physical_lines(text: TextIO) -> Iterator[tuple[str, bool]]:
    """The file's lines, each at most MAX_LINE_CHARS long; the flag says the line was longer and was cut."""
    while chunk := text.readline(MAX_LINE_CHARS):
        if chunk.endswith(("\n", "\r")) or len(chunk) < MAX_LINE_CHARS:
            yield chunk, False
            continue
        # Too long: keep the start (for the property's name), read past the rest without keeping it.
        while (rest := text.readline(MAX_LINE_CHARS)) and not rest.endswith(("\n", "\r")):
            pass
        yield chunk + "\n", True


class _Card:
    """One card being gathered line by line, without the properties coffeechat does not read."""

    def __init__(self, line: int) -> None:
        self.line = line
        self.lines: list[str] = []
        self.size = 0
        self.dropped: list[str] = []
        self.damaged_lines: list[int] = []
        self.skipping = False
        self.current = ""
        self.current_size = 0
        self.current_start = 0

    def add(self, line: str, number: int, cut: bool) -> None:
        if "\ufffd" in line:
            self.damaged_lines.append(number)
        if line[:1] in (" ", "\t") and self.lines:
            if self.skipping:
                return
            self.current_size += len(line)
            if self.current_size > MAX_PROPERTY_CHARS or cut:
                self._drop_current(f"{self.current} is longer than {MAX_PROPERTY_CHARS // 1024} KB")
                return
        else:
            name = _property_name(line)
            self.current, self.current_size, self.current_start = name, len(line), len(self.lines)
            self.skipping = name in UNUSED_PROPERTIES
            if self.skipping:
                return
            if cut:
                self._drop_current(f"{name} is longer than {MAX_LINE_CHARS // 1024} KB")
                return
        self.lines.append(line)
        self.size += len(line)

    def _drop_current(self, why: str) -> None:
        removed = self.lines[self.current_start:]
        del self.lines[self.current_start:]
        self.size -= sum(len(piece) for piece in removed)
        self.skipping = True
        self.dropped.append(why)


def _cards_in(path: Path, origin: str) -> Iterator[ReadItem]:
    """The cards of one file, streamed and parsed one at a time (memory stays flat whatever the file size).

    Photos and other binary properties are dropped unread; an over-long line or property is left out
    with a RowWarning; a card that is still too large is a RowError; the rest of the file still imports.
    """
    try:
        text = open_text(path)
    except FormatError as error:
        yield RowError(1, "file", error.message, origin)
        return
    with text:
        index = 0
        card: _Card | None = None
        for number, (line, cut) in enumerate(_physical_lines(text), start=1):
            marker = line.strip().upper()
            if marker == "BEGIN:VCARD" and card is None:
                index += 1
                card = _Card(index)
                card.add(line, number, cut)
            elif card is not None:
                if card.size > MAX_CARD_CHARS:
                    if marker == "END:VCARD":
                        yield RowError(index, "card", f"is larger than {MAX_CARD_CHARS // (1024 * 1024)} MB "
                                       "without its photo; it was skipped", origin)
                        card = None
                    continue
                card.add(line, number, cut)
                if marker == "END:VCARD":
                    yield from _finish(card, origin)
                    card = None
        if card is not None:
            yield RowError(index, "card", "the file ends before this card's END:VCARD", origin)
        elif index == 0 and origin:
            yield RowError(1, "file", "holds no BEGIN:VCARD card", origin)


def _finish(card: _Card, origin: str) -> Iterator[ReadItem]:
    for why in card.dropped:
        yield RowWarning(card.line, "card", f"{why}; that property was left out", origin)
    if card.damaged_lines:
        lines = ", ".join(str(n) for n in card.damaged_lines[:5])
        yield RowWarning(card.line, "text", f"file lines {lines} hold bytes that are not text in the file's "
                         "encoding; they show as \ufffd", origin)
    text = "".join(card.lines)
    if "\x00" in text:
        text = text.replace("\x00", "")
        yield RowWarning(card.line, "text", "holds NUL characters (\\0); they were left out", origin)
    item, skipped = _parse(card.line, text, origin)
    if skipped:
        said = re.sub(r"^Skipped (?:a )?line[^,]*, message: (?:At line \d+: )?", "", skipped[0])
        yield RowWarning(card.line, "card", f"{len(skipped)} line(s) of this card could not be read and were "
                         f"skipped ({said[:120]})", origin)
    yield item


def _parse(index: int, text: str, origin: str) -> tuple[ReadItem, list[str]]:
    """The card read by vobject, and the messages of the lines vobject skipped."""
    import vobject  # imported on first use: slow to import, and only vCard imports need it

    _quiet_vobject()
    _CHATTER.take()
    try:
        card = vobject.readOne(text, transform=True, ignoreUnreadable=True)
    # vobject reports malformed cards with its own errors and, for bad encodings or dates, builtin ones.
    except (vobject.base.VObjectError, ValueError, TypeError, AttributeError, IndexError) as error:
        return RowError(index, "card", f"cannot be read ({error})", origin), _CHATTER.take()
    skipped = _CHATTER.take()
    try:
        return _record(index, card, origin), skipped
    except ValueError as error:
        return RowError(index, "card", str(error), origin), skipped


def _values(card: Any, name: str) -> list[Any]:
    return [line.value for line in card.contents.get(name, [])]


def _text(value: Any) -> str:
    """A property value as plain text: vobject gives lists for multi-part values."""
    if isinstance(value, (list, tuple)):
        return " ".join(str(part).strip() for part in value if str(part).strip())
    return str(value).strip() if value is not None else ""


def _first_text(card: Any, name: str) -> str:
    for value in _values(card, name):
        if isinstance(value, (list, tuple)):
            value = value[0] if value else ""
        if text := _text(value):
            return text
    return ""


def _record(index: int, card: Any, origin: str) -> ReadItem:
    full = _first_text(card, "fn")
    names = _values(card, "n")
    first = _text(names[0].given) if names else ""
    last = _text(names[0].family) if names else ""
    if not full:
        full = full_name_of(first, _text(names[0].additional) if names else "", last)
    if not full:
        return RowError(index, "FN", "the card has no name", origin)
    if not first and not last:
        first, last = split_full_name(full)
    birthday = readable_birthday(parse_iso_date, _first_text(card, "bday"))
    try:
        connected_on = parse_iso_date(_first_text(card, CONNECTED_ON_PROPERTY.lower()))
    except ValueError as error:
        return RowError(index, CONNECTED_ON_PROPERTY, str(error), origin)
    links = [_text(v) for v in _values(card, "url") + _values(card, "x-socialprofile")]
    linkedin = [url for url in links if "linkedin.com/" in url.lower()]
    tags: list[str] = []
    for value in _values(card, "categories"):
        tags.extend(_text(v) for v in (value if isinstance(value, (list, tuple)) else [value]))
    addresses = _values(card, "adr")
    record = ContactRecord(
        line=index,
        source="vcard",
        first_name=first,
        last_name=last,
        full_name=full,
        emails=unique([_text(v) for v in _values(card, "email") if normalise_email(_text(v))]),
        phones=unique([_text(v).removeprefix("tel:") for v in _values(card, "tel")]),
        linkedin_url=normalise_linkedin_url(linkedin[0]) if linkedin else "",
        urls=unique([url for url in links if url not in linkedin]),
        organization=_first_text(card, "org"),
        title=_first_text(card, "title"),
        location=_place(addresses[0]) if addresses else "",
        tags=unique(tags),
        notes="\n\n".join(_text(v) for v in _values(card, "note") if _text(v)),
        birthday=birthday,
        connected_on=connected_on,
        uid=_first_text(card, "uid"),
        origin=origin,
    )
    return record if record.uid else replace(record, uid=content_fingerprint(record))


FINGERPRINT_PREFIX = "coffeechat-fp-"


def content_fingerprint(record: ContactRecord) -> str:
    """A stable identity for a card without a UID, from what it says (not where it sits in the file).

    Stored as the person's vCard UID, it lets the same card imported again be recognised, so a re-import
    of a file without UIDs or emails changes nothing; export then writes it as the card's UID.
    """
    parts = [record.full_name, record.first_name, record.last_name, *sorted(record.emails), *sorted(record.phones),
             record.linkedin_url, *sorted(record.urls), record.organization, record.title, record.location,
             *sorted(record.tags), record.notes, str(record.birthday or ""), str(record.connected_on or "")]
    digest = hashlib.sha256("\x1f".join(" ".join(p.split()).casefold() for p in parts).encode("utf-8"))
    return FINGERPRINT_PREFIX + digest.hexdigest()[:32]


def _place(address: Any) -> str:
    if isinstance(address, str):
        return address.strip(" ;")
    parts = [_text(getattr(address, part, "")) for part in ("city", "region", "country")]
    return ", ".join(part for part in parts if part)
