"""The goals pages: the list with a "New goal" form, each goal's synthesis with its edit form and archive
button, and how the user's thinking changed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.models import Goal
from coffeechat.services.goals import (
    GoalDetails,
    GoalError,
    assign_conversation,
    conversations_to_assign,
    create_goal,
    edit_goal,
    field_choices,
    field_label,
    goal_questions_of,
    set_archived,
)
from coffeechat.services.synthesis import goal_synthesis, goals_overview, reflect
from coffeechat.web.forms import GoalAssignForm, ReflectionForm, refusal
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest


class GoalForm(forms.Form):
    """What the user types about a goal; the service checks it and names the field that is wrong."""

    title = forms.CharField(label="Goal", max_length=200,
                            widget=forms.TextInput(attrs={"placeholder": "e.g. Data journalism"}))
    description = forms.CharField(label="What you are exploring", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.ChoiceField(label="Field pack for questions", required=False, choices=field_choices)
    target_role = forms.CharField(label="The job you want", required=False, max_length=200,
                                  widget=forms.TextInput(attrs={"placeholder": "e.g. data reporter"}))
    interests = forms.CharField(label="What you want to find out", required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    resume_with_thank_you = forms.BooleanField(label="Send my résumé with thank-you notes", required=False)
    add_question = forms.CharField(label="A question you want answered", required=False,
                                   widget=forms.TextInput(attrs={"placeholder": "How did you learn to …?"}))

    def details(self, remove: tuple[int, ...] = ()) -> GoalDetails:
        data: dict[str, Any] = self.cleaned_data
        question = str(data.get("add_question") or "").strip()
        return GoalDetails(title=data["title"], description=data["description"], field=data["field"],
                           target_role=data["target_role"], interests=data["interests"],
                           resume_with_thank_you=bool(data["resume_with_thank_you"]),
                           add_questions=(question,) if question else (), remove_questions=remove)


class GoalEditForm(GoalForm):
    """The goal form with the goal's own questions to tick off."""

    remove_questions = forms.MultipleChoiceField(label="Remove these questions", required=False,
                                                 widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["remove_questions"]).choices = [(str(q.pk), q.text) for q in questions]
        if not questions:
            del self.fields["remove_questions"]


def _save(form: GoalForm, save: Any) -> Goal | None:
    """Run the service; its complaint lands next to the field it names."""
    if not form.is_valid():
        return None
    remove = tuple(int(v) for v in form.cleaned_data.get("remove_questions") or ())
    try:
        return save(form.details(remove))
    except GoalError as error:
        name = {"add_question": "add_question", "remove_question": "remove_questions"}.get(error.field, error.field)
        form.add_error(name if name in form.fields else None, str(error))
        return None


def _owned_goal(request: OwnerRequest, pk: int) -> Goal:
    return owned_or_404(Goal, request, pk)


def goals_page(request: OwnerRequest) -> HttpResponse:
    """Every goal with how much has been learned for it (archived ones apart), and the "New goal" form."""
    form = GoalForm(request.POST or None, auto_id="new-goal-%s")
    if request.method == "POST":
        created = _save(form, lambda details: create_goal(request.user, details))
        if created is not None:
            messages.success(request, f"Goal added: {created.title}.")
            return redirect("goal", pk=created.pk)
    goals = goals_overview(request.user)
    return render(request, "coffeechat/goals.html", {
        "nav": "goals", "form": form, "goals": [g for g in goals if not g["archived"]],
        "archived": [g for g in goals if g["archived"]],
    }, status=400 if form.errors else 200)


def _goal_page(request: OwnerRequest, goal: Goal, form: GoalEditForm | None = None, status: int = 200) -> HttpResponse:
    questions = goal_questions_of(request.user, goal)
    if form is None:
        form = GoalEditForm(initial={
            "title": goal.title, "description": goal.description, "field": goal.field,
            "target_role": goal.target_role, "interests": goal.interests,
            "resume_with_thank_you": goal.resume_with_thank_you,
        }, questions=questions, auto_id="goal-%s")
    return render(request, "coffeechat/goal.html", {
        "nav": "goals", "s": goal_synthesis(request.user, goal), "form": form, "field_label": field_label(goal.field),
        "assignable": [] if goal.archived else conversations_to_assign(request.user, goal),
    }, status=status)


def goal_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """One goal: insights by theme and skill, questions open and answered, the dated reflections, and the
    goal's edit form.

    A POST keeps a new version of "how this goal changed".
    """
    goal = _owned_goal(request, pk)
    if request.method == "POST":
        form = ReflectionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValueError(refusal(form))
            reflect(request.user, goal, form.cleaned_data["body"])
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Kept. Earlier versions stay below.")
        return redirect("goal", pk=goal.pk)
    return _goal_page(request, goal)


@require_POST
def goal_edit(request: OwnerRequest, pk: int) -> HttpResponse:
    """Save the edit form: title, field pack, role, interests, résumé rule, questions added and removed."""
    goal = _owned_goal(request, pk)
    form = GoalEditForm(request.POST, questions=goal_questions_of(request.user, goal), auto_id="goal-%s")
    changed = _save(form, lambda details: edit_goal(request.user, goal, details))
    if changed is None:
        goal.refresh_from_db()
        return _goal_page(request, goal, form, status=400)
    messages.success(request, "Goal saved.")
    return redirect("goal", pk=goal.pk)


@require_POST
def goal_archive(request: OwnerRequest, pk: int) -> HttpResponse:
    """Archive the goal (or bring it back with ``archived=no``); nothing it gathered is lost."""
    goal = _owned_goal(request, pk)
    archive = request.POST.get("archived", "yes") != "no"
    set_archived(request.user, goal, archive)
    if archive:
        messages.success(request, f"Archived “{goal.title}”: it is no longer offered for drafts and plans.")
    else:
        messages.success(request, f"“{goal.title}” is active again.")
    return redirect("goal", pk=goal.pk)


@require_POST
def goal_assign(request: OwnerRequest, pk: int) -> HttpResponse:
    """Make one of the user's conversations count for this goal."""
    goal = _owned_goal(request, pk)
    form = GoalAssignForm(request.POST, owner=request.user)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return redirect("goal", pk=goal.pk)
    conversation = form.cleaned_data["conversation"]
    try:
        assign_conversation(request.user, goal, conversation)
    except GoalError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Your conversation with {conversation.person.full_name} is now for this goal.")
    return redirect("goal", pk=goal.pk)
