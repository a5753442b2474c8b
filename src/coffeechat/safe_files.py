"""Writing the files a user names (exports, backups): whole or not at all, never through a link, never over
a file coffeechat did not write unless the user says so.

- **Atomic**: the data goes to a temporary file in the same folder (created 0600, readable by the user
  alone), is flushed to disk, then renamed over the target. An interrupted export leaves the old file or
  the new one, never half of one.
- **No symbolic links**: a target that is a symbolic link is refused. (A rename would replace the link,
  not write through it, but the user named a path that points somewhere else, so coffeechat asks them to
  name the real file.)
- **Ours or asked**: coffeechat keeps a small record, ``<home>/written-files.json`` (0600), of the files it
  wrote: each path with the SHA-256 of what it wrote there. An existing file is replaced freely only if it
  is still exactly what coffeechat wrote; any other file (someone else's, or an export the user edited
  since) raises ``NotWrittenByCoffeechat`` unless ``force`` is given. The CLI asks at a terminal and
  offers ``--force`` for scripts.

Free of Django, like ``home.py``.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

RECORD_FILENAME = "written-files.json"
# Enough for every export of a busy term; the oldest entries go first, and entries whose file is gone.
_RECORD_LIMIT = 5000


class TargetRefused(OSError):
    """The target cannot be written safely (a symbolic link, a folder); nothing was written."""


class NotWrittenByCoffeechat(FileExistsError):
    """The target exists and coffeechat did not write it (or it changed since); nothing was written."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        first = paths[0]
        more = f" (and {len(paths) - 1} more files)" if len(paths) > 1 else ""
        super().__init__(f"{first}{more} already exists and was not written by coffeechat (or was changed since)")


def _record_file() -> Path:
    from coffeechat.home import home_folder

    return home_folder() / RECORD_FILENAME


def _key(path: Path) -> str:
    """The record's name for ``path``: its folder resolved, its own name kept (it may be a link)."""
    path = Path(os.path.abspath(path))
    return str(path.parent.resolve() / path.name)


def _read_record() -> dict[str, str]:
    try:
        found = json.loads(_record_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def _save_record(record: dict[str, str]) -> None:
    kept = {path: digest for path, digest in record.items() if os.path.isfile(path)}
    if len(kept) > _RECORD_LIMIT:
        kept = dict(list(kept.items())[-_RECORD_LIMIT:])
    target = _record_file()
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    data = json.dumps(kept, indent=0, sort_keys=False).encode("utf-8")
    _replace_with(target, [data])


def _digest_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def written_by_coffeechat(path: Path) -> bool:
    """True when ``path`` is a regular file holding exactly what coffeechat last wrote there."""
    expected = _read_record().get(_key(path))
    try:
        return expected is not None and path.is_file() and _digest_of(path) == expected
    except OSError:
        return False


def refusal(path: Path, *, folder: bool = False) -> str | None:
    """Why ``path`` cannot be written at all (a symbolic link, or the wrong kind of thing), or None."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        pointed = os.readlink(path)
        return (f"{path} is a symbolic link (to {pointed}); coffeechat does not write through links. "
                "Name the real file or folder instead, or remove the link.")
    if folder and not stat.S_ISDIR(info.st_mode):
        return f"{path} exists and is not a folder"
    if not folder and not stat.S_ISREG(info.st_mode):
        return f"{path} exists and is not an ordinary file (a folder?); name a file"
    return None


def check_targets(paths: Iterable[Path], *, force: bool = False) -> None:
    """Refuse before anything is written: any symbolic link or non-file (TargetRefused), then any existing
    file coffeechat did not write (NotWrittenByCoffeechat, unless ``force``)."""
    paths = list(paths)
    for path in paths:
        reason = refusal(path)
        if reason:
            raise TargetRefused(reason)
    if force:
        return
    strangers = [path for path in paths if path.exists() and not written_by_coffeechat(path)]
    if strangers:
        raise NotWrittenByCoffeechat(strangers)


def prepare_folder(folder: Path) -> Path:
    """Make sure ``folder`` can take exports: created (0700) if missing; a symbolic link or a file is refused."""
    reason = refusal(folder, folder=True)
    if reason:
        raise TargetRefused(reason)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _replace_with(path: Path, chunks: Iterable[bytes]) -> str:
    """Write ``chunks`` to a 0600 temporary file beside ``path``, then rename it over ``path``; the SHA-256."""
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        # Checked again just before the rename: a link that appeared meanwhile is still refused.
        reason = refusal(path)
        if reason:
            raise TargetRefused(reason)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


def remember(paths_and_digests: Iterable[tuple[Path, str]]) -> None:
    """Note files as written by coffeechat (path and SHA-256 of their content)."""
    record = _read_record()
    for path, digest in paths_and_digests:
        record.pop(_key(path), None)  # re-inserted last: the newest entries are the ones kept
        record[_key(path)] = digest
    try:
        _save_record(record)
    except OSError:
        pass  # the export itself succeeded; without a record coffeechat only asks once more next time


def write_file(path: Path, data: bytes | str, *, force: bool = False, checked: bool = False,
               record: bool = True) -> str:
    """Write ``data`` (text as UTF-8) to ``path`` atomically, after the checks of ``check_targets``; returns
    the SHA-256 of what was written.

    ``checked`` skips the checks when the caller already ran ``check_targets`` over a batch; ``record``
    False leaves the file out of the record (the caller remembers a batch at once, or never asks).
    """
    if not checked:
        check_targets([path], force=force)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = _replace_with(path, [data.encode("utf-8") if isinstance(data, str) else data])
    if record:
        remember([(path, digest)])
    return digest


def write_files(contents: Iterable[tuple[Path, bytes | str]], *, force: bool = False) -> int:
    """Write several files: every target checked before the first is written, each replaced atomically,
    the record updated once at the end; returns how many files were written."""
    items = list(contents)
    check_targets([path for path, _ in items], force=force)
    written = [(path, write_file(path, data, checked=True, record=False)) for path, data in items]
    remember(written)
    return len(written)


@contextmanager
def open_for_writing(path: Path, *, force: bool = False, encoding: str = "utf-8",
                     newline: str | None = "") -> Iterator[IO[Any]]:
    """A text stream whose content replaces ``path`` atomically when the block ends without an error.

    The checks run before the block starts, so nothing is computed for a target that will be refused.
    """
    check_targets([path], force=force)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        with open(temporary, "rb") as written:
            for block in iter(lambda: written.read(1 << 20), b""):
                digest.update(block)
        reason = refusal(path)
        if reason:
            raise TargetRefused(reason)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    remember([(path, digest.hexdigest())])
