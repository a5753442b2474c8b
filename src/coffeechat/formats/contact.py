"""What every contact reader yields: one ContactRecord per person, or a RowError for a row it had to skip."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from os import PathLike
from typing import Literal

from coffeechat.core.errors import UserError

ContactSource = Literal["linkedin", "google", "outlook", "vcard"]


@dataclass(frozen=True, slots=True)
class ContactRecord:
    """One person as a file describes them, before coffeechat decides who they are.

    ``line`` is the 1-based line of the file where the record starts (for vCard: the 1-based index of the
    card in its file). ``origin`` names the file inside a folder import (vCard folders); empty otherwise.
    ``uid`` is the vCard UID when the file carries one, so a re-import recognises the same card.
    Text fields are stripped and never None: an absent value is "".
    """

    line: int
    source: ContactSource
    first_name: str = ""
    last_name: str = ""
    full_name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin_url: str = ""
    urls: tuple[str, ...] = ()
    organization: str = ""
    title: str = ""
    location: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    connected_on: date | None = None
    birthday: date | None = None
    uid: str = ""
    origin: str = ""


@dataclass(frozen=True, slots=True)
class RowError:
    """A row (or card) that was skipped, with where it is and why, in words the user can act on."""

    line: int
    field: str
    reason: str
    origin: str = ""

    def __str__(self) -> str:
        where = f"{self.origin}, " if self.origin else ""
        return f"{where}line {self.line}, {self.field}: {self.reason}"


@dataclass(frozen=True, slots=True)
class RowWarning:
    """Something a reader noticed and worked around (a short row, unreadable bytes, a repeated person).

    The row was still used (or, for a broken quote, the rows after it were); the user should know.
    """

    line: int
    field: str
    reason: str
    origin: str = ""

    def __str__(self) -> str:
        where = f"{self.origin}, " if self.origin else ""
        return f"{where}line {self.line}, {self.field}: {self.reason}"


ReadItem = ContactRecord | RowError | RowWarning
"""What a reader's iterator yields."""


class FormatError(UserError):
    """The file is not the kind of file the reader was asked to read (or not readable at all)."""

    def __init__(self, path: str | PathLike[str], message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


def full_name_of(*parts: str) -> str:
    """The parts of a name that are present, joined by single spaces."""
    return " ".join(part for part in (p.strip() for p in parts) if part)


def split_full_name(full_name: str) -> tuple[str, str]:
    """Best guess at (first, last) from a display name: the last word is the surname.

    Used only when a file gives a display name and no structured name (vCard 4.0 allows that).
    """
    words = full_name.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1]), words[-1]


def unique(values: list[str]) -> tuple[str, ...]:
    """Non-empty values in first-seen order, each once (case-insensitively, keeping the first spelling)."""
    seen: set[str] = set()
    kept: list[str] = []
    for value in values:
        value = value.strip()
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            kept.append(value)
    return tuple(kept)
