"""Goals as the user keeps them: create, rename and edit (field pack, target role, interests, whether a
résumé goes with the thank-you, the goal's own questions), archive and bring back.

What a goal's conversations taught lives in services/synthesis.py; this module is the record itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.core.question_bank import CATEGORIES, FIELDS
from coffeechat.models import Goal, Question
from coffeechat.services.questions import FIELD_LABELS, QuestionError, add_question

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TITLE_LIMIT = 200
ROLE_LIMIT = 200
# A question the user writes for a goal is asked in the Insights part of the plan unless they say otherwise.
DEFAULT_QUESTION_CATEGORY = "insights"


class GoalError(ValueError):
    """A goal cannot be saved as typed; ``field`` names the part that is wrong (for forms and --options)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True)
class GoalDetails:
    """What the user types about a goal. ``None`` in an edit means "leave as it is"."""

    title: str | None = None
    description: str | None = None
    field: str | None = None
    target_role: str | None = None
    interests: str | None = None
    resume_with_thank_you: bool | None = None
    add_questions: tuple[str, ...] = ()
    remove_questions: tuple[int, ...] = ()
    question_category: str = DEFAULT_QUESTION_CATEGORY


def field_choices() -> list[tuple[str, str]]:
    """The field packs of the question bank as (value, label), the empty value meaning "general"."""
    return [("", "General (no field pack)")] + [(key, FIELD_LABELS.get(key, key)) for key in FIELDS]


def field_label(value: str) -> str:
    """The words for a field pack value ("" reads as general)."""
    return dict(field_choices()).get(value, value)


def _clean_title(owner: User, title: str, *, besides: Goal | None = None) -> str:
    text = " ".join(title.split())
    if not text:
        raise GoalError("title", "a goal needs a title, e.g. \"data journalism\"")
    if len(text) > TITLE_LIMIT:
        raise GoalError("title", f"a goal's title is at most {TITLE_LIMIT} characters")
    if text.isdigit():
        raise GoalError("title", "a goal's title needs words, not only a number (numbers mean goal ids)")
    same = Goal.objects.owned_by(owner).filter(title__iexact=text)
    if besides is not None:
        same = same.exclude(pk=besides.pk)
    twin = same.first()
    if twin is not None:
        state = " (archived; bring it back with unarchive)" if twin.archived else ""
        raise GoalError("title", f"you already have a goal called {twin.title!r} (#{twin.pk}){state}")
    return text


def _clean_field(value: str) -> str:
    text = value.strip().lower().replace("-", "_").replace(" ", "_")
    if text in ("", "general", "none"):
        return ""
    if text not in FIELDS:
        raise GoalError("field", f"field must be one of {', '.join(FIELDS)} (or general)")
    return text


def _clean_role(value: str) -> str:
    text = " ".join(value.split())
    if len(text) > ROLE_LIMIT:
        raise GoalError("target_role", f"the target role is at most {ROLE_LIMIT} characters")
    return text


def _apply(owner: User, goal: Goal, details: GoalDetails) -> None:
    if details.title is not None:
        goal.title = _clean_title(owner, details.title, besides=goal if goal.pk else None)
    if details.description is not None:
        goal.description = details.description.strip()
    if details.field is not None:
        goal.field = _clean_field(details.field)
    if details.target_role is not None:
        goal.target_role = _clean_role(details.target_role)
    if details.interests is not None:
        goal.interests = details.interests.strip()
    if details.resume_with_thank_you is not None:
        goal.resume_with_thank_you = details.resume_with_thank_you


def _change_questions(owner: User, goal: Goal, details: GoalDetails) -> None:
    if details.question_category not in CATEGORIES:
        raise GoalError("question_category", f"category must be one of {', '.join(CATEGORIES)}")
    for question_id in details.remove_questions:
        deleted, _ = Question.objects.owned_by(owner).filter(goal=goal, pk=question_id).delete()
        if not deleted:
            raise GoalError("remove_question", f"goal #{goal.pk} has no question #{question_id} "
                                               f"(see `coffeechat goal show {goal.pk}`)")
    for text in details.add_questions:
        try:
            add_question(owner, text, details.question_category, goal=goal)
        except QuestionError as error:
            raise GoalError("add_question", str(error)) from error


@transaction.atomic
def create_goal(owner: User, details: GoalDetails) -> Goal:
    """A new active goal with its questions, checked first (title required and not already a goal)."""
    if details.title is None:
        raise GoalError("title", "a goal needs a title, e.g. \"data journalism\"")
    goal = Goal(owner=owner)
    _apply(owner, goal, details)
    goal.save()
    _change_questions(owner, goal, details)
    return goal


@transaction.atomic
def edit_goal(owner: User, goal: Goal, details: GoalDetails) -> Goal:
    """Change what was given (anything left ``None`` stays); questions added and removed in one go."""
    _owned(owner, goal)
    _apply(owner, goal, details)
    goal.save()
    _change_questions(owner, goal, details)
    return goal


@transaction.atomic
def set_archived(owner: User, goal: Goal, archived: bool = True) -> Goal:
    """Archive a goal (it stops being offered for drafts, plans and new conversations) or bring it back.

    Its conversations, insights and questions stay as they are.
    """
    _owned(owner, goal)
    goal.archived = archived
    goal.save(update_fields=["archived", "updated_at"])
    return goal


def _owned(owner: User, goal: Goal) -> None:
    if goal.owner_id != owner.pk:
        raise GoalError("goal", "that goal is not yours")


def active_goals(owner: User) -> list[Goal]:
    """The goals still offered wherever a goal is chosen, oldest first."""
    return list(Goal.objects.owned_by(owner).filter(archived=False).order_by("id"))


def sole_active_goal(owner: User) -> Goal | None:
    """The user's only active goal, or None when they have none or several (then they choose)."""
    goals = list(Goal.objects.owned_by(owner).filter(archived=False).order_by("id")[:2])
    return goals[0] if len(goals) == 1 else None


def goal_questions_of(owner: User, goal: Goal) -> list[Question]:
    """The goal's own questions, oldest first (hidden ones included: the goal page can remove them)."""
    return list(Question.objects.owned_by(owner).filter(goal=goal).order_by("id"))


def goal_as_json(owner: User, goal: Goal) -> dict[str, Any]:
    """The stable JSON shape of one goal's record (docs/json.md)."""
    return {
        "id": goal.pk,
        "title": goal.title,
        "description": goal.description,
        "field": goal.field,
        "target_role": goal.target_role,
        "interests": goal.interests,
        "resume_with_thank_you": goal.resume_with_thank_you,
        "archived": goal.archived,
        "questions": [{"id": q.pk, "text": q.text, "category": q.category}
                      for q in goal_questions_of(owner, goal) if not q.hidden],
    }


@transaction.atomic
def assign_conversation(owner: User, goal: Goal | None, conversation: Any) -> Any:
    """Say which goal a conversation serves (``None`` takes it off its goal); an archived goal is refused."""
    if conversation.owner_id != owner.pk or (goal is not None and goal.owner_id != owner.pk):
        raise GoalError("goal", "that goal or conversation is not yours")
    if goal is not None and goal.archived:
        raise GoalError("goal", f"“{goal.title}” is archived; bring it back first (unarchive)")
    conversation.goal = goal
    conversation.save(update_fields=["goal", "updated_at"])
    return conversation


def conversations_to_assign(owner: User, goal: Goal) -> list[Any]:
    """The user's conversations (not cancelled) that are not yet for ``goal``, newest first, for a chooser."""
    from coffeechat.models import Conversation

    return list(Conversation.objects.owned_by(owner).exclude(goal=goal)
                .exclude(state=Conversation.State.CANCELLED).select_related("person", "goal")
                .order_by("-scheduled_at", "-id")[:200])
