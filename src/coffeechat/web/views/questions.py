"""The question bank page: browse by category and field pack, add your own, hide and show again."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.core.question_bank import CATEGORIES, FIELDS
from coffeechat.models import Goal
from coffeechat.services.questions import (
    CATEGORY_LABELS,
    FIELD_LABELS,
    QuestionError,
    add_question,
    browse,
    edit_question,
    set_hidden,
)
from coffeechat.web.errors import problem_page
from coffeechat.web.requests import OwnerRequest


def questions_page(request: OwnerRequest) -> HttpResponse:
    """Every question in the bank, grouped by category; POST adds one of the user's own."""
    owner = request.user
    if request.method == "POST":
        chosen = request.POST.get("goal", "").strip()
        if chosen and not chosen.isdigit():
            return problem_page(f"goal: {chosen[:40]!r} is not a goal's number; choose a goal from the list.", 400)
        goal = Goal.objects.owned_by(owner).filter(pk=int(chosen or 0)).first()
        try:
            add_question(owner, request.POST.get("text", ""), request.POST.get("category", ""),
                         field=request.POST.get("field", ""), tags=request.POST.get("tags", ""), goal=goal)
        except QuestionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Question added." + (f" {goal} will plan it first." if goal else ""))
        return redirect(request.get_full_path())
    category = request.GET.get("category", "") if request.GET.get("category", "") in CATEGORIES else ""
    field = request.GET.get("field", "")
    field = field if field in FIELDS or field == "general" else ""
    show_hidden = request.GET.get("hidden") == "1"
    shown = browse(owner, category=category, field=field, show_hidden=show_hidden)
    groups = [
        (key, CATEGORY_LABELS[key], [(q, FIELD_LABELS.get(q.field or "", "")) for q in shown if q.category == key])
        for key in CATEGORIES
    ]
    context = {
        "nav": "questions", "groups": [g for g in groups if g[2]], "count": len(shown),
        "categories": CATEGORY_LABELS.items(), "fields": FIELD_LABELS.items(),
        "category": category, "field": field, "show_hidden": show_hidden,
        "goals": Goal.objects.owned_by(owner).filter(archived=False),
    }
    return render(request, "coffeechat/questions.html", context)


@require_POST
def question_change(request: OwnerRequest) -> HttpResponse:
    """Hide, show again, or reword one question, then back to the same view of the bank."""
    key, action = request.POST.get("key", ""), request.POST.get("action", "")
    try:
        if action in ("hide", "show"):
            set_hidden(request.user, key, hidden=action == "hide")
        elif action == "edit":
            edit_question(request.user, key, text=request.POST.get("text", ""), tags=request.POST.get("tags"))
    except QuestionError as error:
        messages.error(request, str(error))
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/questions/") else "questions")
