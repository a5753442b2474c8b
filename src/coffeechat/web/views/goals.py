"""The goals pages: each goal's synthesis, its questions, and how the user's thinking changed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.models import Goal
from coffeechat.services.synthesis import goal_synthesis, goals_overview, reflect


def goals_page(request: HttpRequest) -> HttpResponse:
    """Every goal with how much has been learned for it."""
    return render(request, "coffeechat/goals.html", {"nav": "goals", "goals": goals_overview(request.user)})


def goal_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One goal: insights by theme and skill, questions open and answered, and the dated reflections.

    A POST keeps a new version of "how this goal changed".
    """
    goal = Goal.objects.owned_by(request.user).filter(pk=pk).first()
    if goal is None:
        raise Http404("No such goal.")
    if request.method == "POST":
        try:
            reflect(request.user, goal, request.POST.get("body", ""))
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Kept. Earlier versions stay below.")
        return redirect("goal", pk=goal.pk)
    return render(request, "coffeechat/goal.html", {"nav": "goals", "s": goal_synthesis(request.user, goal)})
