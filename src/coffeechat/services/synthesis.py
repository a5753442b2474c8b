"""Per-goal synthesis: what the goal's conversations taught, its questions (open and answered, by whom),
and how the user's thinking about the goal changed, kept as dated versions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.core.synthesis import (
    AnsweredItem,
    InsightFact,
    Mention,
    QuestionFact,
    QuestionStatus,
    group_insights,
    question_status,
)
from coffeechat.models import Conversation, Goal, GoalReflection, Insight, PlanItem, Question
from coffeechat.services.questions import OWN_PREFIX

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class GoalNotFound(LookupError):
    """No goal of this user matches what was typed."""


@dataclass(frozen=True)
class GoalSynthesis:
    """Everything the goal page shows."""

    goal: Goal
    conversations: int  # held conversations for the goal
    themes: list[Mention]
    skills: list[Mention]
    questions: list[QuestionStatus]
    reflections: list[GoalReflection]


def find_goal(owner: User, reference: str) -> Goal:
    """A goal by id or by an unambiguous piece of its title."""
    ref = reference.strip().lstrip("#")
    goals = Goal.objects.owned_by(owner)
    if ref.isdigit():
        found = goals.filter(pk=int(ref)).first()
        if found:
            return found
    matches = list(goals.filter(title__iexact=ref)) or list(goals.filter(title__icontains=ref)[:6])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise GoalNotFound(f"no goal matches {reference!r} (see `coffeechat goals`)")
    raise GoalNotFound(f"{reference!r} matches several goals: " + "; ".join(f"#{g.pk} {g.title}" for g in matches))


def goal_synthesis(owner: User, goal: Goal) -> GoalSynthesis:
    """The goal's insights by theme and by skill, its questions with who answered them, and its reflections."""
    insights = [
        InsightFact(id=pk, text=text, theme=theme, skill=skill, conversation_id=conversation, person_id=person,
                    person_name=name or "", created_at=created)
        for pk, text, theme, skill, conversation, person, name, created in Insight.objects.owned_by(owner)
        .filter(goal=goal).order_by("created_at", "id")
        .values_list("id", "text", "theme", "skill", "conversation_id", "person_id", "person__full_name", "created_at")
    ]
    questions = [
        QuestionFact(id=pk, text=text, keys=frozenset({f"{OWN_PREFIX}{pk}", *([key] if key else [])}))
        for pk, text, key in Question.objects.owned_by(owner).filter(goal=goal, hidden=False)
        .order_by("id").values_list("id", "text", "bank_key")
    ]
    answered = [
        AnsweredItem(text=text, key=key, conversation_id=conversation, person_id=person, person_name=name)
        for text, key, conversation, person, name in PlanItem.objects.owned_by(owner)
        .filter(answered=True, conversation__goal=goal).order_by("conversation_id", "position")
        .values_list("text", "bank_key", "conversation_id", "conversation__person_id", "conversation__person__full_name")
    ]
    held = Conversation.objects.owned_by(owner).filter(goal=goal, state=Conversation.State.HELD).count()
    return GoalSynthesis(
        goal=goal, conversations=held,
        themes=group_insights(insights, "theme"), skills=group_insights(insights, "skill"),
        questions=question_status(questions, answered),
        reflections=list(GoalReflection.objects.owned_by(owner).filter(goal=goal).order_by("-created_at", "-id")),
    )


@transaction.atomic
def reflect(owner: User, goal: Goal, body: str) -> GoalReflection:
    """Keep a new dated version of how the goal changed (earlier versions stay)."""
    from coffeechat.services.clock import now

    text = body.strip()
    if not text:
        raise ValueError("write how the goal changed")
    reflection = GoalReflection.objects.create(owner=owner, goal=goal, body=text)
    # Dated by the program's clock (--now), like every other event.
    GoalReflection.objects.filter(pk=reflection.pk).update(created_at=now())
    reflection.refresh_from_db()
    return reflection


def goals_overview(owner: User) -> list[dict[str, Any]]:
    """Each goal with how many conversations, insights and open questions it has."""
    from django.db.models import Count, Q

    goals = Goal.objects.owned_by(owner).annotate(
        held=Count("conversations", filter=Q(conversations__state=Conversation.State.HELD), distinct=True),
        insight_count=Count("insights", distinct=True),
        question_count=Count("questions", filter=Q(questions__hidden=False), distinct=True),
    ).order_by("archived", "title", "id")
    return [{"id": g.pk, "title": g.title, "archived": g.archived, "conversations": g.held,
             "insights": g.insight_count, "questions": g.question_count} for g in goals]


def _mention_json(mention: Mention) -> dict[str, Any]:
    return {"name": mention.name, "conversations": mention.conversations,
            "insights": [{"id": i.id, "text": i.text, "conversation_id": i.conversation_id, "person_id": i.person_id,
                          "person": i.person_name} for i in mention.insights]}


def synthesis_as_json(synthesis: GoalSynthesis) -> dict[str, Any]:
    """The stable JSON shape of `coffeechat goal GOAL --json` (docs/json.md)."""
    goal = synthesis.goal
    return {
        "goal": {"id": goal.pk, "title": goal.title, "description": goal.description, "archived": goal.archived,
                 "field": goal.field, "target_role": goal.target_role, "interests": goal.interests,
                 "resume_with_thank_you": goal.resume_with_thank_you},
        "conversations": synthesis.conversations,
        "themes": [_mention_json(m) for m in synthesis.themes],
        "skills": [_mention_json(m) for m in synthesis.skills],
        "questions": [{"id": s.question.id, "text": s.question.text, "open": s.open,
                       "answered_by": [{"person_id": a.person_id, "person": a.person_name,
                                        "conversation_id": a.conversation_id} for a in s.answered_by]}
                      for s in synthesis.questions],
        "reflections": [{"id": r.pk, "at": r.created_at.isoformat(), "body": r.body} for r in synthesis.reflections],
    }
