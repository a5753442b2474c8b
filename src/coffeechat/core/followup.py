"""The "what's next" list: every due action from every rule, most urgent first (docs/practice.md §3).

The rules live beside this module, one file per area: ``followup_outreach`` (the 3B7 clock),
``followup_meetings`` (confirm, prepare, notes, thank-you), ``followup_relations`` (referrals,
report-backs, keeping in touch, tasks) and ``followup_contacts`` (congratulate a new job). Nothing is
stored: the list is computed from the practice and ``now`` whenever it is asked for, so it needs no server
and no cron job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from coffeechat.core.followup_action import KIND_PRIORITY, DueAction, RuleContext
from coffeechat.core.followup_contacts import congratulate_actions
from coffeechat.core.followup_meetings import meeting_actions
from coffeechat.core.followup_outreach import outreach_actions
from coffeechat.core.followup_relations import keep_in_touch_actions, referral_actions, task_actions
from coffeechat.core.practice import Practice, RuleSettings

__all__ = ["KINDS", "DueAction", "apply_states", "due_actions", "urgency"]

KINDS = frozenset(KIND_PRIORITY)
_PRIORITY = {kind: index for index, kind in enumerate(KIND_PRIORITY)}


def urgency(action: DueAction) -> tuple[bool, date, int, str]:
    """The sort key of the list: overdue first, then earliest due, then a fixed kind order, then key."""
    return (not action.overdue, action.due, _PRIORITY.get(action.kind, len(_PRIORITY)), action.key)


def due_actions(
    practice: Practice, now: datetime, settings: RuleSettings, *, horizon_days: int = 0
) -> list[DueAction]:
    """Every action the user can take by today (in their zone), most urgent first.

    ``now`` must be timezone-aware. ``horizon_days`` also lists what becomes actionable within that many
    days after today (a week ahead, say); those are neither due nor overdue yet.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if horizon_days < 0:
        raise ValueError("horizon_days cannot be negative")
    ctx = RuleContext(practice=practice, now=now, settings=settings, horizon_days=horizon_days)
    actions: list[DueAction] = []
    rules = (outreach_actions, meeting_actions, referral_actions, congratulate_actions, keep_in_touch_actions,
             task_actions)
    for rule in rules:
        actions.extend(rule(ctx))
    actions.sort(key=urgency)
    return actions


def apply_states(
    actions: Iterable[DueAction], done_keys: set[str], snoozed: Mapping[str, date], today: date
) -> list[DueAction]:
    """The actions left after the user's own choices: done keys dropped, snoozed ones hidden.

    An action snoozed until a date comes back on that date; the order of ``actions`` is kept.
    """
    return [
        action
        for action in actions
        if action.key not in done_keys and not (action.key in snoozed and snoozed[action.key] > today)
    ]
