"""Opening the text files people bring: which encoding they are in, without crashing on any of them.

Spreadsheets and address books write UTF-8, UTF-8 with a byte-order mark, UTF-16 (Excel's "Unicode text")
and, on older Windows machines, Windows-1252. We decide from a byte-order mark first, then by checking the
whole file is valid UTF-8, then Windows-1252, and only then ask charset-normalizer to guess.
"""

from __future__ import annotations

import codecs
from os import PathLike
from pathlib import Path
from typing import TextIO

from coffeechat.formats.contact import FormatError

_CHUNK = 1 << 16
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its mark starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Five bytes have no character in Windows-1252; a file containing them is something else.
_CP1252_HOLES = frozenset(b"\x81\x8d\x8f\x90\x9d")


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text with no mark: mostly-ASCII text has a zero byte in every other position."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > half * 0.6 and even_zeros < half * 0.1:
        return "utf-16-le"
    if even_zeros > half * 0.6 and odd_zeros < half * 0.1:
        return "utf-16-be"
    return None


def _whole_file_is(path: Path, encoding: str) -> bool:
    """Decode the file chunk by chunk (memory stays flat) and report whether it is all valid."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(path: Path) -> bool:
    """Whether a file that is not valid UTF-8 is still UTF-8 with a few damaged bytes.

    A Windows-1252 file almost never holds a valid multi-byte UTF-8 sequence, while a UTF-8 file with one
    stray byte holds many: reading such a file as Windows-1252 would turn every accent into mojibake
    silently, so it is read as UTF-8 and the damaged bytes are reported line by line instead.
    """
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    good = bad = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            decoded = decoder.decode(chunk)
            bad += decoded.count("\ufffd")
            good += sum(1 for char in decoded if char > "\x7f" and char != "\ufffd")
        decoded = decoder.decode(b"", final=True)
        bad += decoded.count("\ufffd")
    return good > bad


def _has_cp1252_holes(path: Path) -> bool:
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            if not _CP1252_HOLES.isdisjoint(chunk):
                return True
    return False


def detect_encoding(path: str | PathLike[str]) -> str:
    """The Python codec name to read ``path`` with; raises FormatError for a file that is not text."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            head = stream.read(_CHUNK)
    except OSError as error:
        raise FormatError(path, f"cannot be opened: {error.strerror or error}") from error
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    guessed_utf16 = _utf16_without_bom(head)
    if guessed_utf16:
        return guessed_utf16
    if head.count(0) > len(head) // 1000:  # a stray NUL in a text file is reported by the reader, not refused
        raise FormatError(path, "looks like a binary file (it contains zero bytes), not a text export")
    if _whole_file_is(path, "utf-8") or _mostly_utf8(path):
        return "utf-8"
    if not _has_cp1252_holes(path):
        return "cp1252"
    return _ask_charset_normalizer(path)


def _ask_charset_normalizer(path: Path) -> str:
    # Imported here: it is slow to import and almost never needed.
    from charset_normalizer import from_path

    best = from_path(path).best()
    if best is None:
        raise FormatError(path, "is not text in any encoding we recognise")
    return str(best.encoding)


def open_text(path: str | PathLike[str], encoding: str | None = None) -> TextIO:
    """Open ``path`` for reading as text in its detected encoding, lines split the way csv expects.

    ``newline=""`` keeps line endings as they are so that the csv module can tell a line break inside a
    quoted field from the end of a record; undecodable bytes become U+FFFD, which readers report as a
    warning with the line (a UTF-8 file with a few damaged bytes, or a guessed encoding).
    """
    encoding = encoding or detect_encoding(path)
    return open(path, encoding=encoding, errors="replace", newline="")
