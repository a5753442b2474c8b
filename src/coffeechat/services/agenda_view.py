"""The due-action list as shown to people and scripts. Free of Django, shared by every path to the list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from coffeechat.core.followup import DueAction, apply_states, due_actions
from coffeechat.core.practice import Practice, RuleSettings


@dataclass(frozen=True)
class Agenda:
    """The due actions as of ``now``, with what is needed to show them."""

    now: datetime
    today: date
    actions: list[DueAction]
    practice: Practice

    def person_name(self, person_id: int | None) -> str | None:
        """The name of the person an action is about."""
        person = self.practice.person(person_id)
        return person.name if person else None

    def organization_name(self, organization_id: int | None) -> str | None:
        """The name of the organisation an action is about."""
        organization = self.practice.organization(organization_id)
        return organization.name if organization else None


def rule_settings_from(values: dict[str, str], target_roles: list[str]) -> RuleSettings:
    """The rules' numbers from the user's settings (every key present, defaults applied)."""
    return RuleSettings(
        next_contact_business_days=int(values["next_contact_business_days"]),
        follow_up_business_days=int(values["follow_up_business_days"]),
        confirm_days_before=int(values["confirm_days_before"]),
        thank_you_due_hours=int(values["thank_you_due_hours"]),
        thank_you_overdue_hours=int(values["thank_you_overdue_hours"]),
        keep_in_touch_days=int(values["keep_in_touch_days"]),
        country=values["country"] or None,
        timezone=values["timezone"] or "UTC",
        target_role=" ".join(target_roles),
    )


def build_agenda(practice: Practice, settings: RuleSettings, moment: datetime, done: set[str],
                 snoozed: dict[str, date], *, until: date | None = None, kinds: set[str] | None = None) -> Agenda:
    """Every due action, most urgent first, minus those done or snoozed; ``until`` looks ahead."""
    from coffeechat.core.clock import local_date

    today = local_date(moment, settings.timezone)
    horizon = until or today
    ahead = max((horizon - today).days, 0)
    actions = apply_states(due_actions(practice, moment, settings, horizon_days=ahead), done, snoozed, today)
    # The rules decide what shows by the horizon (a referral shows at once, due in a few days).
    actions = [a for a in actions if not kinds or a.kind in kinds]
    return Agenda(now=moment, today=today, actions=actions, practice=practice)


def action_as_json(item: DueAction, view: Agenda) -> dict[str, Any]:
    """The stable JSON shape of one due action (docs/json.md)."""
    return {
        "id": item.key,
        "kind": item.kind,
        "due": item.due.isoformat(),
        "overdue": item.overdue,
        "late": item.late,
        "person": view.person_name(item.person_id),
        "person_id": item.person_id,
        "organization": view.organization_name(item.organization_id),
        "organization_id": item.organization_id,
        "reason": item.reason,
        "refers_to": {"type": item.refers_to[0], "id": item.refers_to[1]} if item.refers_to else None,
        "suggested_person": view.person_name(item.suggested_person_id),
        "suggested_person_id": item.suggested_person_id,
    }


def agenda_as_json(view: Agenda) -> dict[str, Any]:
    """The JSON document of `coffeechat next --json`."""
    return {"now": view.now.isoformat(), "today": view.today.isoformat(),
            "actions": [action_as_json(a, view) for a in view.actions]}
