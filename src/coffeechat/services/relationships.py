"""Relationships and mentors: stages by hand, cadence, the losing-touch list, milestones that start
report-backs, the mentorship suggestion, and the confidence self-ratings of a conversation."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q

from coffeechat.core.relationships import ContactHistory, check_stage, report_back_people, suggests_mentorship
from coffeechat.models import (
    Conversation,
    MentorshipDismissal,
    Message,
    Milestone,
    Person,
    Referral,
    Task,
    Touch,
)
from coffeechat.services.clock import now
from coffeechat.services.timeline import record_touch

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# When a report-back task is due after a milestone: good news is best shared within the week.
REPORT_BACK_DAYS = 7


@transaction.atomic
def set_stage(owner: User, person: Person, stage: str) -> Person:
    """Move a person to any stage by hand (a relationship may also cool), noted on their timeline."""
    value = check_stage(stage)
    if value != person.stage:
        before = person.get_stage_display()
        person.stage = value
        person.save(update_fields=["stage", "updated_at"])
        record_touch(owner, person, Touch.Kind.UPDATED, f"Stage changed from {before} to {person.get_stage_display()}")
    return person


@transaction.atomic
def set_cadence(owner: User, person: Person, days: int | None) -> Person:
    """How often to keep in touch with this person (None: no reminders unless they are a mentor)."""
    if days is not None and days < 1:
        raise ValueError("a cadence is at least one day")
    person.cadence_days = days
    person.save(update_fields=["cadence_days", "updated_at"])
    return person


def losing_touch(owner: User) -> Any:
    """The keep-in-touch actions due by today (an Agenda): relationships whose cadence has run out."""
    from coffeechat.services.agenda import agenda

    return agenda(owner, kinds={"keep_in_touch"})


@transaction.atomic
def record_milestone(owner: User, title: str, people: list[Person] | None = None) -> tuple[Milestone, list[Task]]:
    """Record good news and add a report-back task for everyone on the paths that led to it.

    With people named, that is everyone up their referral chains (and them); with none, everyone the
    user held a conversation with. Tasks are due in a week and show in `coffeechat next`.
    """
    text = " ".join(title.split())
    if not text:
        raise ValueError("say what you landed, e.g. \"got the internship\"")
    moment = now()
    milestone = Milestone.objects.create(owner=owner, title=text[:300], at=moment)
    involved = people or []
    milestone.people.set(involved)
    parents: dict[int, list[int]] = defaultdict(list)
    for a, b in Referral.objects.owned_by(owner).values_list("from_person_id", "to_person_id"):
        parents[b].append(a)
    for b, a in Person.objects.owned_by(owner).filter(referred_by__isnull=False).values_list("id", "referred_by_id"):
        parents[b].append(a)
    helped = Conversation.objects.owned_by(owner).filter(state=Conversation.State.HELD).values_list("person_id", flat=True)
    chosen = report_back_people([p.pk for p in involved], parents, set(helped))
    due = (moment + timedelta(days=REPORT_BACK_DAYS)).date()
    tasks = [Task.objects.create(owner=owner, person_id=pk, due=due, title=f"Report back with your news: {text}")
             for pk in chosen]
    return milestone, tasks


def mentorship_candidates(owner: User, *, at: Any = None) -> list[Person]:
    """People to consider asking for mentorship (two-way contact, see core.relationships), not dismissed."""
    moment = at or now()
    dismissed = set(MentorshipDismissal.objects.owned_by(owner).values_list("person_id", flat=True))
    people = (Person.objects.owned_by(owner).exclude(stage=Person.Stage.MENTOR)
              .annotate(held=Count("conversations", filter=Q(conversations__state=Conversation.State.HELD)))
              .filter(held__gte=2).select_related("organization"))
    people = list(people)
    # Every candidate's replies to updates and report-backs in one query, not one query per candidate.
    replied: dict[int, list[Any]] = {}
    for person_id, replied_at in (Message.objects.owned_by(owner).filter(
            person__in=[person.pk for person in people], kind__in=[Message.Kind.UPDATE, Message.Kind.REPORT_BACK],
            replied_at__isnull=False).order_by("person_id", "id").values_list("person_id", "replied_at")):
        replied.setdefault(person_id, []).append(replied_at)
    chosen = []
    for person in people:
        replies = tuple(replied.get(person.pk, ()))
        history = ContactHistory(person.pk, person.stage, person.held, replies, person.pk in dismissed)
        if suggests_mentorship(history, moment):
            chosen.append(person)
    return chosen


@transaction.atomic
def dismiss_mentorship(owner: User, person: Person) -> None:
    """Stop suggesting to ask this person for mentorship."""
    MentorshipDismissal.objects.get_or_create(owner=owner, person=person)


@transaction.atomic
def rate_confidence(owner: User, conversation: Conversation, *, before: int | None = None,
                    after: int | None = None) -> Conversation:
    """One-tap self-rating, 1–5: how ready the user felt before, and how it went after."""
    fields = []
    for name, value in (("confidence_before", before), ("confidence_after", after)):
        if value is None:
            continue
        if not 1 <= value <= 5:
            raise ValueError("a rating is from 1 to 5")
        setattr(conversation, name, value)
        fields.append(name)
    if fields:
        conversation.save(update_fields=[*fields, "updated_at"])
    return conversation
