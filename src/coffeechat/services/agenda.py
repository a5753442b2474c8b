"""What's next: the user's record turned into due actions by the pure rules, with done and snooze applied.

The reading is plain SQL (services/practice_sql.py) shared with the Django-free fast path of
``coffeechat next``; this module adds the owner, the settings and the writes (done, snooze).
"""

from __future__ import annotations

import os
import threading
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction

from coffeechat.core.followup import due_actions
from coffeechat.core.practice import MessageFact, Practice, RuleSettings
from coffeechat.models import ActionState, Goal, Message, Person, Task
from coffeechat.services.agenda_view import Agenda, action_as_json, build_agenda, rule_settings_from
from coffeechat.services.clock import now
from coffeechat.services.practice_sql import PracticeReader
from coffeechat.services.preferences import all_settings

__all__ = ["Agenda", "SnoozeError", "UnknownAction", "action_as_json", "agenda", "load_practice", "mark_done", "responsiveness",
           "rule_settings", "snooze"]

class UnknownAction(LookupError):
    """The action key does not name a due action of this user."""


def _reader(owner: Any) -> PracticeReader:
    return PracticeReader(connection.cursor(), owner.pk, "%s")


def rule_settings(owner: Any) -> RuleSettings:
    """The rules' numbers from the user's settings (defaults from docs/practice.md)."""
    roles = list(Goal.objects.owned_by(owner).filter(archived=False).order_by("id").values_list("target_role", flat=True))
    return rule_settings_from(all_settings(owner), [r for r in roles if r])


def load_practice(owner: Any, at: datetime | None = None) -> Practice:
    """The user's record as plain facts for the rules (only the people the rules can speak of).

    ``at``: the moment the rules will run at, which lets the reading skip people they cannot speak of then.
    """
    return _reader(owner).practice(at)


def agenda(owner: Any, *, until: date | None = None, kinds: set[str] | None = None, at: datetime | None = None) -> Agenda:
    """Every due action of the user, most urgent first, minus those marked done or snoozed.

    ``until`` also shows what falls due up to that date (default: today); ``kinds`` keeps only those kinds.
    A result is reused while the database is unchanged and the minute is the same (see _data_stamp).
    """
    moment = at or now()
    stamp = _data_stamp()
    key = (owner.pk, until, frozenset(kinds or ()), moment.replace(second=0, microsecond=0), stamp)
    if stamp is not None:
        with _CACHE_LOCK:
            cached = _CACHE.get(key)
        if cached is not None:
            return cached
    done, snoozed = _reader(owner).action_states()
    view = build_agenda(load_practice(owner, moment), rule_settings(owner), moment, done, snoozed, until=until, kinds=kinds)
    if stamp is not None:
        with _CACHE_LOCK:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = view
    return view


_CACHE: dict[tuple[Any, ...], Agenda] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 64


def _data_stamp() -> tuple[Any, ...] | None:
    """When the SQLite database last changed, from its files; None where that cannot be trusted.

    In WAL mode every commit, by this process or another (the CLI beside the server), writes the -wal
    file, so its size and modification time, with the main file's, change with every committed write.
    Inside a transaction uncommitted writes may not reach the files, and PostgreSQL has no files to look
    at: no reuse there.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    name = str(connection.settings_dict["NAME"])
    stamp: list[tuple[int, int] | None] = []
    for suffix in ("", "-wal"):
        try:
            info = os.stat(name + suffix)
        except OSError:
            stamp.append(None)
        else:
            stamp.append((info.st_mtime_ns, info.st_size))
    return (name, *stamp)


def _known_key(owner: Any, key: str) -> str:
    key = key.strip()
    if key.startswith("task:"):
        return key
    # Any key the rules could produce today or later is accepted; a typo is not.
    moment = now()
    keys = {a.key for a in due_actions(load_practice(owner, moment), moment, rule_settings(owner), horizon_days=366)}
    if key not in keys:
        raise UnknownAction(f"no due action {key!r}; `coffeechat next` lists them with their ids")
    return key


@transaction.atomic
def mark_done(owner: Any, key: str) -> None:
    """Mark a due action done (a user's task is closed; a computed action stops showing)."""
    key = _known_key(owner, key)
    if key.startswith("task:"):
        task_id = key.rsplit(":", 1)[-1]
        updated = Task.objects.owned_by(owner).filter(pk=int(task_id) if task_id.isdigit() else -1).update(done_at=now())
        if not updated:
            raise UnknownAction(f"no task {key!r}")
        return
    ActionState.objects.update_or_create(owner=owner, action_key=key, defaults={"done_at": now()})


class SnoozeError(ValueError):
    """A snooze that cannot be right (a day already past)."""


@transaction.atomic
def snooze(owner: Any, key: str, until: date) -> None:
    """Hide a due action until ``until`` (it shows again that day); a day already past is refused."""
    from coffeechat.core.clock import local_date

    today = local_date(now(), all_settings(owner)["timezone"])
    if until < today:
        raise SnoozeError(f"cannot snooze until {until:%a %d %b %Y}: that day has passed (today is "
                          f"{today:%a %d %b %Y}); choose today or a later day")
    key = _known_key(owner, key)
    ActionState.objects.update_or_create(owner=owner, action_key=key, defaults={"snoozed_until": until})


def responsiveness(owner: Any, person: Person) -> str | None:
    """Booster, Obligate or Curmudgeon, as learned from this person's replies (None while unknown)."""
    from coffeechat.core.responsiveness import classify

    messages = tuple(
        MessageFact(id=pk, person_id=person.pk, organization_id=org, kind=kind, sent_at=sent, replied_at=replied)
        for pk, org, kind, sent, replied in Message.objects.owned_by(owner).filter(person=person, status="sent")
        .order_by("id").values_list("id", "organization_id", "kind", "sent_at", "replied_at")
    )
    if not messages:
        return None
    practice = Practice(messages=messages)
    return classify(person.pk, practice, now(), rule_settings(owner))
