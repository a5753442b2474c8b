"""Which kind of contacts file is this? Decided from its header row or its first line, never its name."""

from __future__ import annotations

import csv
from itertools import islice
from os import PathLike
from pathlib import Path
from typing import Literal

from coffeechat.formats.contact import FormatError
from coffeechat.formats.google import is_google_header
from coffeechat.formats.linkedin import is_linkedin_header
from coffeechat.formats.outlook import is_outlook_header
from coffeechat.formats.table import HEADER_SCAN_LINES, HeaderTest, header_key
from coffeechat.formats.text import open_text
from coffeechat.formats.vcard import VCARD_SUFFIXES, is_vcard_text

ContactFormat = Literal["linkedin", "google", "outlook", "vcard"]

# Order matters: a LinkedIn header also has First Name and Last Name, so the more specific tests go first.
_HEADER_TESTS: tuple[tuple[ContactFormat, HeaderTest], ...] = (
    ("google", is_google_header), ("outlook", is_outlook_header), ("linkedin", is_linkedin_header),
)


def guess_format(path: str | PathLike[str]) -> ContactFormat:
    """'linkedin', 'google', 'outlook' or 'vcard' for ``path`` (a folder of .vcf files is 'vcard').

    Raises FormatError naming the file and quoting what its first line holds when no format fits.
    """
    path = Path(path)
    if path.is_dir():
        if any(p.suffix.lower() in VCARD_SUFFIXES for p in path.iterdir()):
            return "vcard"
        raise FormatError(path, "is a folder without .vcf files; expected a contacts file or a vCard folder")
    with open_text(path) as text:
        lines = list(islice(text, HEADER_SCAN_LINES))
    if is_vcard_text(lines):
        return "vcard"
    for line in lines:
        for delimiter in (",", "\t", ";"):
            if delimiter not in line:
                continue
            keys = frozenset(header_key(cell) for cell in next(csv.reader([line], delimiter=delimiter), []))
            for name, test in _HEADER_TESTS:
                if test(keys):
                    return name
    seen = next((line.strip() for line in lines if line.strip()), "")
    if not seen:
        raise FormatError(path, "is empty")
    raise FormatError(
        path,
        "is not a contacts export we know (LinkedIn Connections.csv, Google or Outlook CSV, vCard); "
        f"its first line reads {seen[:100]!r}",
    )
