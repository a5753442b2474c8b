"""Preparing a conversation: its question plan, sized to the slot and kept in order (docs/practice.md §4.6).

The plan is stored as ``PlanItem`` rows so the user can reorder, add and remove questions, and so live
mode can mark each answered with a rating. A rating of 4 or 5 means "answered well": such a question sinks
in the next plan for the same goal, and a goal's own question answered well is no longer open.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max

from coffeechat.core.question_plan import GOAL_CATEGORY, plan_questions
from coffeechat.core.wording import NAME_PLACEHOLDER
from coffeechat.models import Conversation, Goal, Insight, Person, PlanItem, Touch
from coffeechat.services.logbook import upcoming_conversation
from coffeechat.services.preferences import get_setting
from coffeechat.services.questions import goal_questions, own_key, user_bank

if TYPE_CHECKING:
    from django.contrib.auth.models import User

WELL_ANSWERED = 4


class PlanError(ValueError):
    """A change to a plan that cannot be made; the message says why."""


def conversation_to_prepare(owner: User, person: Person, *, create: bool = True) -> Conversation | None:
    """The conversation to prepare with ``person``: the next one, else the latest, else a new proposed one
    (of the usual length, for the user's only active goal if they have just one)."""
    found = upcoming_conversation(owner, person) or (
        Conversation.objects.owned_by(owner).filter(person=person).exclude(state=Conversation.State.CANCELLED)
        .order_by("-scheduled_at", "-id").first()
    )
    if found is not None or not create:
        return found
    goals = list(Goal.objects.owned_by(owner).filter(archived=False)[:2])
    return Conversation.objects.create(
        owner=owner, person=person, minutes=int(get_setting(owner, "meeting_minutes")),
        goal=goals[0] if len(goals) == 1 else None,
    )


def plan_items(owner: User, conversation: Conversation) -> list[PlanItem]:
    """The conversation's plan in the order to ask it."""
    return list(PlanItem.objects.owned_by(owner).filter(conversation=conversation).order_by("position", "id"))


def answered_well_for_goal(owner: User, goal: Goal | None, *, besides: Conversation | None = None) -> Counter[str]:
    """How many earlier conversations for ``goal`` answered each question well (rating 4 or more)."""
    if goal is None:
        return Counter()
    rows = PlanItem.objects.owned_by(owner).filter(
        conversation__goal=goal, answered=True, rating__gte=WELL_ANSWERED
    ).exclude(bank_key="")
    if besides is not None:
        rows = rows.exclude(conversation=besides)
    # One conversation counts once per question even if it was asked twice.
    return Counter(key for key, _ in set(rows.values_list("bank_key", "conversation_id")))


@transaction.atomic
def make_plan(owner: User, conversation: Conversation, *, replace: bool = False) -> list[PlanItem]:
    """The conversation's plan, suggested now if it has none (or anew with ``replace``)."""
    existing = plan_items(owner, conversation)
    if existing and not replace:
        return existing
    goal = conversation.goal
    answered = answered_well_for_goal(owner, goal, besides=conversation)
    wanted = [q for q in goal_questions(owner, goal) if not answered.get(own_key(q))]
    by_text = {" ".join(q.text.split()).casefold(): q for q in wanted}
    # Questions this person already answered well need not be asked of them again.
    asked_before = set(
        PlanItem.objects.owned_by(owner).filter(
            conversation__person=conversation.person, answered=True, rating__gte=WELL_ANSWERED
        ).exclude(conversation=conversation).values_list("bank_key", flat=True)
    )
    bank = user_bank(owner)
    situation = {"alumni"} if conversation.person.how_known == Person.HowKnown.ALUMNI else set()
    plan = plan_questions(
        bank.bank, max(conversation.minutes, 1), field=(goal.field or None) if goal else None,
        goal_open_questions=[q.text for q in wanted], answered_elsewhere=answered,
        excluded_keys=asked_before, seed=conversation.pk, extra=bank.extra, hidden_keys=bank.hidden_keys,
        situation=situation,
    )
    PlanItem.objects.owned_by(owner).filter(conversation=conversation).delete()
    rows = []
    for position, item in enumerate(plan.items, start=1):
        key = item.key or ""
        if item.category == GOAL_CATEGORY:
            source = by_text.get(" ".join(item.text.split()).casefold())
            key = own_key(source) if source is not None else ""
        rows.append(PlanItem(owner=owner, conversation=conversation, position=position, bank_key=key,
                             text=item.text, category=item.category))
    PlanItem.objects.bulk_create(rows)
    return plan_items(owner, conversation)


def _item(owner: User, item_id: int) -> PlanItem:
    item = PlanItem.objects.owned_by(owner).select_related("conversation").filter(pk=item_id).first()
    if item is None:
        raise PlanError("no such question in your plans")
    return item


@transaction.atomic
def move_item(owner: User, item_id: int, step: int) -> PlanItem:
    """Move a question one place up (``step`` -1) or down (+1) in its plan; at either end nothing moves."""
    item = _item(owner, item_id)
    items = plan_items(owner, item.conversation)
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index + (1 if step > 0 else -1)
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        _renumber(items)
    return item


def _renumber(items: list[PlanItem]) -> None:
    for position, row in enumerate(items, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position", "updated_at"])


@transaction.atomic
def add_item(owner: User, conversation: Conversation, text: str, *, category: str = "") -> PlanItem:
    """Add a question of the user's own at the end of the plan."""
    text = " ".join(text.split())
    if not text:
        raise PlanError("a question needs some words")
    last = PlanItem.objects.owned_by(owner).filter(conversation=conversation).aggregate(m=Max("position"))["m"]
    return PlanItem.objects.create(owner=owner, conversation=conversation, position=(last or 0) + 1, text=text,
                                   category=category or "own")


@transaction.atomic
def remove_item(owner: User, item_id: int) -> Conversation:
    """Take a question out of its plan; returns the conversation."""
    item = _item(owner, item_id)
    conversation = item.conversation
    item.delete()
    _renumber(plan_items(owner, conversation))
    return conversation


@transaction.atomic
def mark_answered(owner: User, item_id: int, *, answered: bool | None = None, rating: int | None = None) -> PlanItem:
    """Tick a question answered (``answered`` None toggles it) and/or rate the answer 1–5.

    Rating an answer marks it answered; unticking it clears the rating.
    """
    item = _item(owner, item_id)
    if rating is not None:
        if not 1 <= rating <= 5:
            raise PlanError("rate an answer from 1 to 5")
        item.rating, item.answered = rating, True
    elif answered is None:
        item.answered = not item.answered
    else:
        item.answered = answered
    if not item.answered:
        item.rating = None
    item.save(update_fields=["answered", "rating", "updated_at"])
    return item


@transaction.atomic
def set_plan_finished(owner: User, conversation: Conversation, finished: bool = True) -> Conversation:
    """Say the plan is (or is no longer) ready; the "prepare" reminder stops once it is."""
    conversation.plan_finished = finished
    conversation.save(update_fields=["plan_finished", "updated_at"])
    return conversation


def plan_item_as_json(item: PlanItem) -> dict[str, Any]:
    """The stable JSON shape of one planned question (docs/json.md)."""
    return {"id": item.pk, "position": item.position, "key": item.bank_key or None, "text": item.text,
            "category": item.category, "answered": item.answered, "rating": item.rating}


# --- The research brief: one page on the person, the goal, the user's introduction and the plan ------


@dataclass(frozen=True)
class Brief:
    """Everything the one-page brief shows about a conversation (docs/practice.md §3.7)."""

    conversation: Conversation
    person: Person
    path: list[Touch]
    touches: list[Touch]
    shared: list[str]
    links: list[tuple[str, str]]
    known_there: list[Person]
    earlier_insights: list[Insight]
    introduction: str
    plan: list[PlanItem]
    ground_rules: str


def research_brief(owner: User, conversation: Conversation) -> Brief:
    """The research brief for ``conversation`` (its plan is suggested first if it has none)."""
    person = (
        Person.objects.owned_by(owner).select_related("organization", "referred_by")
        .prefetch_related("tags", "contact_points").get(pk=conversation.person_id)
    )
    touches = list(Touch.objects.owned_by(owner).filter(person=person).order_by("at", "id"))
    path = [touch for touch in touches if touch.kind == Touch.Kind.MOVED_JOB]
    links = [("LinkedIn", person.linkedin_url)] if person.linkedin_url else []
    links += [(point.label or point.get_kind_display(), point.value) for point in person.contact_points.all()]
    if person.organization and person.organization.website:
        links.append((f"{person.organization} website", person.organization.website))
    known_there: list[Person] = []
    if person.organization_id:
        known_there = list(
            Person.objects.owned_by(owner).filter(organization_id=person.organization_id)
            .exclude(pk=person.pk).exclude(stage=Person.Stage.NEW).order_by("full_name")[:10]
        )
    insights = list(
        Insight.objects.owned_by(owner).filter(person=person).exclude(conversation=conversation).order_by("-id")[:10]
    )
    return Brief(
        conversation=conversation, person=person, path=path, touches=touches, shared=shared_background(person),
        links=links, known_there=known_there, earlier_insights=insights,
        introduction=introduction(owner, conversation, person), plan=make_plan(owner, conversation),
        ground_rules=ground_rules_for(conversation),
    )


def shared_background(person: Person) -> list[str]:
    """What the user and this person have in common, as far as the record knows: how they are known and the
    tags the user gave them (schools, groups, interests)."""
    shared: list[str] = []
    if person.how_known == Person.HowKnown.ALUMNI:
        shared.append("You went to the same school (alumni).")
    if person.referred_by is not None:
        shared.append(f"You were referred by {person.referred_by.full_name}.")
    if person.how_known in (Person.HowKnown.COLLEAGUE, Person.HowKnown.FRIEND):
        shared.append(f"You know them as a {person.get_how_known_display().lower()}.")
    shared += [f"Tagged “{tag.name}”." for tag in person.tags.all()]
    return shared


def introduction(owner: User, conversation: Conversation, person: Person) -> str:
    """The user's 30-second introduction for this conversation, from their name and the goal."""
    from coffeechat.core.introduction import IntroPerson, IntroProfile, thirty_second_intro

    goal = conversation.goal
    subject = (goal.target_role or goal.title) if goal else ""
    name = get_setting(owner, "your_name") or NAME_PLACEHOLDER
    about = IntroPerson(
        first_name=person.first_name or person.full_name, role=person.title,
        organisation=str(person.organization or ""),
        referred_by=person.referred_by.full_name if person.referred_by else "",
    )
    return thirty_second_intro(IntroProfile(name=name), subject, about)


def ground_rules_for(conversation: Conversation) -> str:
    """For a conversation held as a reporter, the reminder to agree ground rules first; else empty."""
    if conversation.purpose != Conversation.Purpose.REPORTING:
        return ""
    from coffeechat.core.reporting_ethics import ground_rules_reminder

    return ground_rules_reminder()
