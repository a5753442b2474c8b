"""The shape of one item on the "what's next" list, and what every follow-up rule needs to make one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from coffeechat.core.clock import business_days_after, local_date
from coffeechat.core.practice import Practice, RuleSettings
from coffeechat.core.vocabulary import ACTION_KINDS

# When two actions are equally late, the one whose moment passes soonest comes first: a meeting that
# needs confirming cannot wait, a keep-in-touch note can.
KIND_PRIORITY = ACTION_KINDS  # the most urgent kind first (core/vocabulary.py)


@dataclass(frozen=True)
class DueAction:
    """One thing the user should do, with when and why.

    ``key`` is a stable id (``"follow_up:message:12"``) to mark it done or snooze it; treat it as opaque.
    Keys of reminders that come back (a rescheduled meeting, the next keep-in-touch round) carry their
    date after an ``@``, so marking one round done does not silence the next. ``due`` is a date in the
    user's zone; ``refers_to`` names the record the action is about, e.g. ``("message", 12)``;
    ``suggested_person_id`` is someone to contact instead of, or as well as, ``person_id``.
    """

    key: str
    kind: str
    due: date
    overdue: bool
    person_id: int | None
    organization_id: int | None
    reason: str
    refers_to: tuple[str, int]
    suggested_person_id: int | None = None
    # Past the moment it was due but still worth doing on time's terms: a thank-you 24 to 72 hours after
    # the conversation. ``overdue`` is the stronger word: past the latest moment (72 hours).
    late: bool = False


@dataclass(frozen=True)
class RuleContext:
    """The moment the list is computed, the user's settings, and helpers every rule shares."""

    practice: Practice
    now: datetime
    settings: RuleSettings
    horizon_days: int = 0

    @cached_property
    def today(self) -> date:
        """The user's calendar date at ``now``."""
        return local_date(self.now, self.settings.timezone)

    @property
    def last_shown_day(self) -> date:
        """Actions that become actionable after this day are not listed yet."""
        return self.today + timedelta(days=self.horizon_days)

    def shows(self, actionable_from: date) -> bool:
        """Whether an action that can be done from ``actionable_from`` belongs on today's list."""
        return actionable_from <= self.last_shown_day

    def day(self, moment: datetime) -> date:
        """The user's calendar date at ``moment``."""
        return local_date(moment, self.settings.timezone)

    def business_days_after(self, start: date, n: int) -> date:
        """``n`` business days after ``start`` in the user's country."""
        return business_days_after(start, n, self.settings.country, self.settings.subdiv)

    def who(self, person_id: int | None, organization_id: int | None = None) -> str:
        """How a reason names a person: "Ana Diaz at Acme", or just the name with no organisation."""
        person = self.practice.person(person_id)
        if person is None:
            return "someone" if person_id is None else f"person #{person_id}"
        if organization_id is None:
            organization_id = person.organization_id
        fallback = person.organization_name if organization_id == person.organization_id else ""
        organization = self.practice.organization_name(organization_id, fallback)
        return f"{person.name} at {organization}" if organization else person.name

    def name(self, person_id: int | None) -> str:
        """Just the person's name."""
        person = self.practice.person(person_id)
        if person is None:
            return "someone" if person_id is None else f"person #{person_id}"
        return person.name

    def action(
        self,
        *,
        kind: str,
        key: str,
        due: date,
        person_id: int | None,
        organization_id: int | None,
        reason: str,
        refers_to: tuple[str, int],
        suggested_person_id: int | None = None,
        overdue: bool | None = None,
        late: bool = False,
    ) -> DueAction:
        """A DueAction; overdue means due before today unless the rule decides otherwise."""
        return DueAction(
            key=key,
            kind=kind,
            due=due,
            overdue=due < self.today if overdue is None else overdue,
            person_id=person_id,
            organization_id=organization_id,
            reason=reason,
            refers_to=refers_to,
            suggested_person_id=suggested_person_id,
            late=late,
        )
