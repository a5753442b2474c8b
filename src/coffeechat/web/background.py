"""While `coffeechat serve` runs, the user's mail (and calendar, once it can be connected) is read every few
minutes by itself.

One daemon thread per server: a round right after the start, then one every ``mail_sync_minutes`` (default
5; 0 turns it off). Each account is synced through ``services.mail_accounts.sync``, which stores a failure
on the account (the Mail page and ``coffeechat mail status`` show it) before raising it; the loop prints the
failure in one line too and goes on. Nothing here can stop the server, and the thread ends when it stops.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEFAULT_MINUTES = 5
SETTING = "mail_sync_minutes"


def sync_minutes(owner: User) -> int:
    """How often to read the mail, in minutes (0: never by itself): the ``mail_sync_minutes`` setting."""
    from coffeechat.services.preferences import get_setting

    try:
        return max(0, int(str(get_setting(owner, SETTING)).strip() or DEFAULT_MINUTES))
    except ValueError:
        return DEFAULT_MINUTES


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def sync_round(owner: User) -> list[str]:
    """Read every mail account and calendar once; the problems met, one line each (also stored)."""
    from coffeechat.services.calendar_sync import sync_calendars
    from coffeechat.services.mail_accounts import accounts, sync

    problems: list[str] = []
    for account in accounts(owner):
        try:
            sync(owner, account.name)
        except Exception as error:  # stored on the account by sync(); the server goes on
            problems.append(f"mail {account.name}: {error}")
    try:
        sync_calendars(owner)
    except Exception as error:  # the calendar's own code stores what it can; say it here too
        problems.append(f"calendar: {error}")
    return problems


class BackgroundSync:
    """The thread that syncs while the server runs; ``stop()`` ends it (and waits for a round in progress)."""

    def __init__(self, owner: User, minutes: float) -> None:
        self.owner = owner
        self.minutes = minutes
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="coffeechat-sync", daemon=True)

    def start(self) -> BackgroundSync:
        if self.minutes > 0:
            self.thread.start()
        return self

    def _run(self) -> None:
        from django.db import connection

        while not self.stopping.is_set():
            try:
                for problem in sync_round(self.owner):
                    _say(f"Could not sync {problem}")
            except Exception as error:  # even the database being busy must not end the loop
                _say(f"Could not sync your mail: {error}")
            finally:
                connection.close()  # this thread's own connection; a fresh one next round
            self.stopping.wait(self.minutes * 60)

    def stop(self, timeout: float = 30) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(timeout)


def start_background(owner: User, minutes: float | None = None, *, enabled: bool = True) -> BackgroundSync:
    """Start syncing every ``minutes`` (default: the setting) until ``stop()``; no thread when it is 0 or
    when not ``enabled`` (a career centre's server reads nobody's mail by itself)."""
    if not enabled:
        minutes = 0
    return BackgroundSync(owner, sync_minutes(owner) if minutes is None else minutes).start()
