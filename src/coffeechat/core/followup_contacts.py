"""Contacts that stay in step: a new job of someone you know, found by a re-import, is worth a note.

- congratulate: an import (LinkedIn, Google, Outlook, vCard) found a new title or organisation for
  someone and wrote a "Changed job" entry on their timeline (``JobChangeFact``). It shows from the day of
  that import for ``congratulate_days`` (30) days, once per change: marked done, it never comes back, and a
  later change is a new action (the earlier one is then dropped: only the latest job is news). It is
  never overdue: a late congratulation is still welcome, and after the window it simply leaves the list.
- Only for someone you know: a stage past "new", a way of knowing them other than "cold", or a message
  sent to them or a conversation with them on record. A connection you only imported gets nothing: a
  network of thousands of imported connections would otherwise drown the list after every re-import.
- The reason names the role as the record has it now (title and organisation); with neither on record
  there is nothing true to say, so there is no action.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from coffeechat.core.followup_action import DueAction, RuleContext
from coffeechat.core.practice import JobChangeFact, PersonFact


def knows(ctx: RuleContext, person: PersonFact) -> bool:
    """Whether the user knows ``person`` well enough for a congratulation to be welcome."""
    if person.stage != "new" or person.how_known != "cold":
        return True
    return bool(ctx.practice.messages_to(person.id)) or bool(ctx.practice.conversations_with(person.id))


def role_words(person: PersonFact) -> str:
    """The person's role as the record has it: "Editor at Globex News", "Editor", "a role at Globex News"."""
    title = " ".join(person.title.split())
    organization = " ".join(person.organization_name.split())
    if title and organization:
        return f"{title} at {organization}"
    if title:
        return title
    return f"a role at {organization}" if organization else ""


def _latest_changes(ctx: RuleContext) -> list[JobChangeFact]:
    latest: dict[int, JobChangeFact] = {}
    for change in ctx.practice.job_changes:
        if change.at > ctx.now:
            continue
        known = latest.get(change.person_id)
        if known is None or (change.at, change.id) > (known.at, known.id):
            latest[change.person_id] = change
    return sorted(latest.values(), key=lambda change: change.id)


def congratulate_actions(ctx: RuleContext) -> Iterator[DueAction]:
    """congratulate actions: the latest recent job change of each person the user knows."""
    window = timedelta(days=ctx.settings.congratulate_days)
    for change in _latest_changes(ctx):
        if ctx.now - change.at > window:
            continue
        person = ctx.practice.person(change.person_id)
        if person is None or not knows(ctx, person):
            continue
        role = role_words(person)
        if not role:
            continue
        found = ctx.day(change.at)
        yield ctx.action(
            kind="congratulate",
            key=f"congratulate:touch:{change.id}",
            due=found,
            overdue=False,
            person_id=person.id,
            organization_id=person.organization_id,
            reason=f"{person.name} has a new role on record since your import of {found:%A} {found.day} "
            f"{found:%B}: {role}. Send a short note to congratulate them.",
            refers_to=("touch", change.id),
        )
