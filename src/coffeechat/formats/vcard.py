"""Reading vCard 3.0 and 4.0: one .vcf holding many cards, or a folder of one card per file (khard, vdirsyncer).

Cards are cut apart here and each is parsed on its own with vobject, so one broken card becomes a RowError
and the rest still import. A card's "line" is its 1-based position in its file; for a folder, ``origin``
names the file. Writing lives in ``vcard_write`` and is re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from os import PathLike
from pathlib import Path
from typing import Any

from coffeechat.core.matching import normalise_email, normalise_linkedin_url
from coffeechat.formats.contact import (
    ContactRecord,
    FormatError,
    ReadItem,
    RowError,
    full_name_of,
    split_full_name,
    unique,
)
from coffeechat.formats.dates import parse_iso_date, readable_birthday
from coffeechat.formats.text import open_text
from coffeechat.formats.vcard_write import CONNECTED_ON_PROPERTY, CardToWrite, write_vcards, write_vdir

__all__ = ["CardToWrite", "is_vcard_text", "read_vcards", "write_vcards", "write_vdir"]

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


def _cards_in(path: Path, origin: str) -> Iterator[ReadItem]:
    """The cards of one file, parsed one at a time."""
    try:
        text = open_text(path)
    except FormatError as error:
        yield RowError(1, "file", error.message, origin)
        return
    with text:
        index = 0
        card: list[str] | None = None
        for line in text:
            marker = line.strip().upper()
            if marker == "BEGIN:VCARD" and card is None:
                card = [line]
                index += 1
            elif card is not None:
                card.append(line)
                if marker == "END:VCARD":
                    yield _parse(index, "".join(card), origin)
                    card = None
        if card is not None:
            yield RowError(index, "card", "the file ends before this card's END:VCARD", origin)
        elif index == 0 and origin:
            yield RowError(1, "file", "holds no BEGIN:VCARD card", origin)


def _parse(index: int, text: str, origin: str) -> ReadItem:
    import vobject  # imported on first use: slow to import, and only vCard imports need it

    try:
        card = vobject.readOne(text, transform=True, ignoreUnreadable=True)
    # vobject reports malformed cards with its own errors and, for bad encodings or dates, builtin ones.
    except (vobject.base.VObjectError, ValueError, TypeError, AttributeError, IndexError) as error:
        return RowError(index, "card", f"cannot be read ({error})", origin)
    try:
        return _record(index, card, origin)
    except ValueError as error:
        return RowError(index, "card", str(error), origin)


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
    return ContactRecord(
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


def _place(address: Any) -> str:
    if isinstance(address, str):
        return address.strip(" ;")
    parts = [_text(getattr(address, part, "")) for part in ("city", "region", "country")]
    return ", ".join(part for part in parts if part)
