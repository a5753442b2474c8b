"""Reusing a computed page's numbers while the SQLite database has not changed.

A whole-history computation (the stats, the weekly review) is reused only while nothing was committed to the
database since: the key holds a stamp of the database files (see ``data_stamp``), so the first read after any
write, by this process or another (the CLI beside the server), computes afresh. The moment is part of the
key to the minute, as the dashboard's agenda does (services/agenda.py).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar

from django.db import connection

T = TypeVar("T")
_CACHE: dict[tuple[Any, ...], Any] = {}
_LOCK = threading.Lock()
_SIZE = 32


def data_stamp() -> tuple[Any, ...] | None:
    """What identifies the committed state of the SQLite database, from its files; None where that cannot
    be trusted (PostgreSQL, or inside a transaction whose writes are not committed yet).

    In WAL mode every commit appends at least one frame to the -wal file, so within one generation of the
    WAL its size grows with every commit; a new generation (after a checkpoint) rewrites the WAL header's
    checkpoint sequence number and salts, which are read too. Modification times are kept as a third
    witness.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    name = str(connection.settings_dict["NAME"])
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    stamp: list[Any] = [name]
    for suffix in ("", "-wal"):
        try:
            info = os.stat(name + suffix)
        except OSError:
            stamp.append(None)
            continue
        stamp.append((info.st_mtime_ns, info.st_size))
        if suffix == "-wal":
            try:
                with open(name + suffix, "rb") as wal:
                    stamp.append(wal.read(32)[12:24])  # checkpoint sequence number, salt-1, salt-2
            except OSError:
                return None
    return tuple(stamp)


def reuse_while_unchanged(kind: str, owner_pk: int, moment: datetime, compute: Callable[[], T],
                          *extra: Hashable) -> T:
    """``compute()``, or the answer it gave for the same owner, minute and arguments while the database has
    not changed since."""
    stamp = data_stamp()
    if stamp is None:
        return compute()
    key = (kind, owner_pk, moment.replace(second=0, microsecond=0), extra, stamp)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    value = compute()
    # Stored under the stamp read before computing: if a write landed meanwhile, the next read's stamp
    # differs, so this entry is never read for the newer state.
    with _LOCK:
        if len(_CACHE) >= _SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = value
    return value
