"""A user's practice as plain facts: what the follow-up rules read, built by the service layer.

Every class here is a frozen snapshot of rows in the database, so the rules can be tested without one.
All datetimes are timezone-aware; dates are calendar dates in the user's own zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property
from typing import TypeVar

from coffeechat.core.vocabulary import CONVERSATION_STATES, HOW_KNOWN, MESSAGE_KINDS, STAGES

__all__ = ["CONVERSATION_STATES", "HOW_KNOWN", "MESSAGE_KINDS", "STAGES"]  # the words the facts below hold


@dataclass(frozen=True)
class PersonFact:
    """Someone in the user's network, with what the rules need to know about them."""

    id: int
    name: str
    organization_id: int | None
    organization_name: str
    title: str
    how_known: str  # one of HOW_KNOWN
    stage: str  # one of STAGES
    cadence_days: int | None  # how often to keep in touch; None = no cadence
    shared_group: bool = False  # a club, association or group the user also belongs to
    promoted_at_org: bool = False  # already promoted at their current organisation
    last_touch_at: datetime | None = None  # the last message or conversation, as the service knows it


@dataclass(frozen=True)
class OrganizationFact:
    """An employer or other organisation on the user's list."""

    id: int
    name: str


@dataclass(frozen=True)
class MessageFact:
    """A message the user wrote to someone; ``sent_at`` None means it is still a draft."""

    id: int
    person_id: int
    organization_id: int | None
    kind: str  # one of MESSAGE_KINDS
    sent_at: datetime | None
    replied_at: datetime | None


@dataclass(frozen=True)
class ConversationFact:
    """A planned or held conversation with one person."""

    id: int
    person_id: int
    organization_id: int | None
    state: str  # one of CONVERSATION_STATES
    scheduled_at: datetime | None
    minutes: int
    has_notes: bool
    plan_finished: bool  # the question plan is ready
    thanked_at: datetime | None
    confirmed_at: datetime | None = None  # when the user confirmed the time with the other person
    # when the time was agreed (set or last moved); the confirm reminder is never due before it
    agreed_at: datetime | None = None


@dataclass(frozen=True)
class ReferralFact:
    """ "Talk to Dana": ``from_person`` suggested the user contact ``to_person``."""

    id: int
    from_person_id: int
    to_person_id: int
    created_at: datetime
    contacted_at: datetime | None
    reported_back_at: datetime | None


@dataclass(frozen=True)
class TaskFact:
    """Something the user promised to do; ``due`` None means as soon as possible."""

    id: int
    title: str
    due: date | None
    person_id: int | None
    done: bool


@dataclass(frozen=True)
class JobChangeFact:
    """An import found a new title or organisation for someone (a "Changed job" timeline entry, ``id``)."""

    id: int
    person_id: int
    at: datetime


T = TypeVar("T")


def _by_id(items: Iterable[T]) -> dict[int, T]:
    return {item.id: item for item in items}  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Practice:
    """Everything the rules look at for one user. Lists given here are stored as tuples.

    The lookups are built once, on first use, so a practice of 10,000 people stays fast to query.
    """

    people: tuple[PersonFact, ...] = ()
    organizations: tuple[OrganizationFact, ...] = ()
    messages: tuple[MessageFact, ...] = ()
    conversations: tuple[ConversationFact, ...] = ()
    referrals: tuple[ReferralFact, ...] = ()
    tasks: tuple[TaskFact, ...] = ()
    job_changes: tuple[JobChangeFact, ...] = ()

    def __post_init__(self) -> None:
        for name in ("people", "organizations", "messages", "conversations", "referrals", "tasks", "job_changes"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @cached_property
    def _people(self) -> Mapping[int, PersonFact]:
        return _by_id(self.people)

    @cached_property
    def _organizations(self) -> Mapping[int, OrganizationFact]:
        return _by_id(self.organizations)

    @cached_property
    def _people_by_org(self) -> Mapping[int, tuple[PersonFact, ...]]:
        grouped: dict[int, list[PersonFact]] = defaultdict(list)
        for person in self.people:
            if person.organization_id is not None:
                grouped[person.organization_id].append(person)
        return {org: tuple(people) for org, people in grouped.items()}

    @cached_property
    def _messages_by_person(self) -> Mapping[int, tuple[MessageFact, ...]]:
        grouped: dict[int, list[MessageFact]] = defaultdict(list)
        for message in self.messages:
            grouped[message.person_id].append(message)
        return {person: tuple(messages) for person, messages in grouped.items()}

    @cached_property
    def _conversations_by_person(self) -> Mapping[int, tuple[ConversationFact, ...]]:
        grouped: dict[int, list[ConversationFact]] = defaultdict(list)
        for conversation in self.conversations:
            grouped[conversation.person_id].append(conversation)
        return {person: tuple(items) for person, items in grouped.items()}

    def person(self, person_id: int | None) -> PersonFact | None:
        """The person with this id, or None."""
        return None if person_id is None else self._people.get(person_id)

    def organization(self, organization_id: int | None) -> OrganizationFact | None:
        """The organisation with this id, or None."""
        return None if organization_id is None else self._organizations.get(organization_id)

    def organization_name(self, organization_id: int | None, fallback: str = "") -> str:
        """The organisation's name, else ``fallback`` (a person's own organisation text, say)."""
        organization = self.organization(organization_id)
        return organization.name if organization else fallback

    def people_at(self, organization_id: int | None) -> tuple[PersonFact, ...]:
        """Everyone recorded at this organisation, in the order the service gave them."""
        return () if organization_id is None else self._people_by_org.get(organization_id, ())

    def messages_to(self, person_id: int) -> tuple[MessageFact, ...]:
        """Every message (drafts included) written to this person."""
        return self._messages_by_person.get(person_id, ())

    def conversations_with(self, person_id: int) -> tuple[ConversationFact, ...]:
        """Every conversation with this person, whatever its state."""
        return self._conversations_by_person.get(person_id, ())

    def organization_of(self, person_id: int, given: int | None = None) -> int | None:
        """``given`` when a message or conversation names its organisation, else the person's own."""
        if given is not None:
            return given
        person = self.person(person_id)
        return person.organization_id if person else None


@dataclass(frozen=True)
class RuleSettings:
    """The numbers behind the rules (docs/practice.md §4.4, §4.5, §4.7, §4.8), each with the brief's default.

    ``country`` (ISO code, None = weekends only) and ``subdiv`` choose the public holidays that business
    days skip; ``timezone`` is the user's IANA zone, which decides what "today" is; ``target_role`` holds
    the words of the job the user wants, used to rank starter contacts.
    """

    next_contact_business_days: int = 3
    follow_up_business_days: int = 7
    confirm_days_before: int = 2
    prepare_days_before: int = 1
    thank_you_due_hours: int = 24
    thank_you_overdue_hours: int = 72
    keep_in_touch_days: int = 90
    booster_business_days: int = 3
    country: str | None = None
    timezone: str = "UTC"
    target_role: str = ""
    subdiv: str | None = None
    # "Every few months, up to about three times a year" (4.8): no cadence is shorter than this.
    keep_in_touch_min_days: int = 90
    # No number in the brief: an introduction goes cold, so write to a referral within a few business days
    # and tell the person who referred you once you have.
    referral_contact_business_days: int = 3
    report_back_business_days: int = 3
    # A new job found by a re-import is worth congratulating while it is news: for this many days.
    congratulate_days: int = 30

    def __post_init__(self) -> None:
        for name in (
            "next_contact_business_days",
            "follow_up_business_days",
            "confirm_days_before",
            "prepare_days_before",
            "thank_you_due_hours",
            "thank_you_overdue_hours",
            "keep_in_touch_days",
            "booster_business_days",
            "keep_in_touch_min_days",
            "referral_contact_business_days",
            "report_back_business_days",
            "congratulate_days",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} cannot be negative (got {getattr(self, name)})")
        if self.thank_you_overdue_hours < self.thank_you_due_hours:
            raise ValueError("thank_you_overdue_hours must be at least thank_you_due_hours")
