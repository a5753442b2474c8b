"""What's next: the user's record turned into due actions by the pure rules, with done and snooze applied.

This is the one place that reads the whole practice for the rules, so it is written for speed: a handful
of flat ``values_list`` queries, no model instances, no per-person queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from coffeechat.core.followup import DueAction, apply_states, due_actions
from coffeechat.core.practice import (
    ConversationFact, MessageFact, OrganizationFact, PersonFact, Practice, ReferralFact, RuleSettings, TaskFact,
)
from coffeechat.models import (
    ActionState, Conversation, Goal, Insight, Message, Note, Organization, Person, Referral, Task, Touch,
)
from coffeechat.services.clock import now
from coffeechat.services.preferences import all_settings

# Timeline entries that count as being in touch with someone (not imports or edits).
IN_TOUCH_KINDS = (
    Touch.Kind.REQUEST_SENT, Touch.Kind.FOLLOW_UP_SENT, Touch.Kind.REPLY, Touch.Kind.HELD, Touch.Kind.THANKED,
    Touch.Kind.UPDATE_SENT, Touch.Kind.NOTE,
)


class UnknownAction(LookupError):
    """The action key does not name a due action of this user."""


def rule_settings(owner: Any) -> RuleSettings:
    """The rules' numbers from the user's settings (defaults from PRODUCT.md)."""
    values = all_settings(owner)
    roles = Goal.objects.owned_by(owner).filter(archived=False).values_list("target_role", flat=True)
    return RuleSettings(
        next_contact_business_days=int(values["next_contact_business_days"]),
        follow_up_business_days=int(values["follow_up_business_days"]),
        confirm_days_before=int(values["confirm_days_before"]),
        thank_you_due_hours=int(values["thank_you_due_hours"]),
        thank_you_overdue_hours=int(values["thank_you_overdue_hours"]),
        keep_in_touch_days=int(values["keep_in_touch_days"]),
        country=values["country"] or None,
        timezone=values["timezone"] or "UTC",
        target_role=" ".join(role for role in roles if role),
    )


def load_practice(owner: Any) -> Practice:
    """The user's whole record as plain facts for the rules."""
    last_touch = dict(
        Touch.objects.owned_by(owner).filter(kind__in=IN_TOUCH_KINDS)
        .values("person_id").annotate(last=Max("at")).values_list("person_id", "last")
    )
    organizations = dict(Organization.objects.owned_by(owner).values_list("id", "name"))
    people = tuple(
        PersonFact(
            id=pk, name=name, organization_id=org_id, organization_name=organizations.get(org_id, ""), title=title,
            how_known=how, stage=stage, cadence_days=cadence, last_touch_at=last_touch.get(pk),
        )
        for pk, name, org_id, title, how, stage, cadence in Person.objects.owned_by(owner)
        .order_by("id").values_list("id", "full_name", "organization_id", "title", "how_known", "stage", "cadence_days")
    )
    messages = tuple(
        MessageFact(id=pk, person_id=person, organization_id=org, kind=kind, sent_at=sent, replied_at=replied)
        for pk, person, org, kind, sent, replied in Message.objects.owned_by(owner).filter(status="sent")
        .order_by("id").values_list("id", "person_id", "organization_id", "kind", "sent_at", "replied_at")
    )
    noted = set(Note.objects.owned_by(owner).filter(conversation__isnull=False).values_list("conversation_id", flat=True))
    noted |= set(Insight.objects.owned_by(owner).filter(conversation__isnull=False).values_list("conversation_id", flat=True))
    person_org = {p.id: p.organization_id for p in people}
    conversations = tuple(
        ConversationFact(
            id=pk, person_id=person, organization_id=person_org.get(person), state=state, scheduled_at=at,
            minutes=minutes, has_notes=bool(notes.strip()) or pk in noted, plan_finished=plan, thanked_at=thanked,
            confirmed_at=confirmed,
        )
        for pk, person, state, at, minutes, notes, plan, thanked, confirmed in Conversation.objects.owned_by(owner)
        .order_by("id").values_list("id", "person_id", "state", "scheduled_at", "minutes", "notes", "plan_finished",
                                    "thanked_at", "confirmed_at")
    )
    referrals = tuple(
        ReferralFact(id=pk, from_person_id=a, to_person_id=b, created_at=created, contacted_at=contacted,
                     reported_back_at=reported)
        for pk, a, b, created, contacted, reported in Referral.objects.owned_by(owner).order_by("id")
        .values_list("id", "from_person_id", "to_person_id", "created_at", "contacted_at", "reported_back_at")
    )
    tasks = tuple(
        TaskFact(id=pk, title=title, due=due, person_id=person, done=done_at is not None)
        for pk, title, due, person, done_at in Task.objects.owned_by(owner).filter(done_at__isnull=True)
        .order_by("id").values_list("id", "title", "due", "person_id", "done_at")
    )
    return Practice(
        people=people, organizations=tuple(OrganizationFact(id=k, name=v) for k, v in organizations.items()),
        messages=messages, conversations=conversations, referrals=referrals, tasks=tasks,
    )


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


def agenda(owner: Any, *, until: date | None = None, kinds: set[str] | None = None, at: datetime | None = None) -> Agenda:
    """Every due action of the user, most urgent first, minus those marked done or snoozed.

    ``until`` keeps actions due on or before that date (default: due today or earlier);
    ``kinds`` keeps only those kinds.
    """
    moment = at or now()
    settings = rule_settings(owner)
    practice = load_practice(owner)
    from coffeechat.core.clock import local_date

    today = local_date(moment, settings.timezone)
    states = ActionState.objects.owned_by(owner).values_list("action_key", "done_at", "snoozed_until")
    done = {key for key, done_at, _ in states if done_at is not None}
    snoozed = {key: until_day for key, _, until_day in states if until_day is not None}
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
        "person": view.person_name(item.person_id),
        "person_id": item.person_id,
        "organization": view.organization_name(item.organization_id),
        "organization_id": item.organization_id,
        "reason": item.reason,
        "refers_to": {"type": item.refers_to[0], "id": item.refers_to[1]} if item.refers_to else None,
        "suggested_person": view.person_name(item.suggested_person_id),
        "suggested_person_id": item.suggested_person_id,
    }


def _known_key(owner: Any, key: str) -> str:
    key = key.strip()
    if key.startswith("task:"):
        return key
    # Any key the rules could produce today or later is accepted; a typo is not.
    keys = {a.key for a in due_actions(load_practice(owner), now(), rule_settings(owner), horizon_days=366)}
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


@transaction.atomic
def snooze(owner: Any, key: str, until: date) -> None:
    """Hide a due action until ``until`` (it shows again that day)."""
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
