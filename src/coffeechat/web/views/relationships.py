"""Small forms about a relationship: stage by hand, cadence, mentorship suggestion dismissed; and the
conversation's confidence ratings and rehearsal page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.core.relationships import parse_cadence
from coffeechat.models import Conversation, Person
from coffeechat.services.relationships import dismiss_mentorship, rate_confidence, set_cadence, set_stage
from coffeechat.web.owned import owned_or_404


def _person(request: HttpRequest, pk: int) -> Person:
    return owned_or_404(Person, request, pk)


def _conversation(request: HttpRequest, pk: int) -> Conversation:
    return owned_or_404(Conversation, request, pk, related=("person", "person__organization", "person__referred_by", "goal"))


def _back(request: HttpRequest, fallback: Any) -> HttpResponse:
    target = request.POST.get("next", "")
    # Only our own pages: a path on this site, never another host.
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


@require_POST
def person_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """Set a person's stage by hand."""
    person = _person(request, pk)
    try:
        set_stage(request.user, person, request.POST.get("stage", ""))
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person.full_name} is now at stage {person.get_stage_display()}.")
    return redirect("person", pk=person.pk)


@require_POST
def person_cadence(request: HttpRequest, pk: int) -> HttpResponse:
    """Set how often to keep in touch (days, or empty for none)."""
    person = _person(request, pk)
    try:
        set_cadence(request.user, person, parse_cadence(request.POST.get("days", "")))
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Cadence saved." if person.cadence_days else "No cadence for this person.")
    return redirect("person", pk=person.pk)


@require_POST
def mentorship_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop suggesting to ask this person for mentorship."""
    person = _person(request, pk)
    dismiss_mentorship(request.user, person)
    messages.success(request, f"No more mentorship suggestions for {person.full_name}.")
    return _back(request, "review")


def confidence_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Rate, 1 to 5, how ready you feel before a conversation and how it went after. One tap each."""
    conversation = _conversation(request, pk)
    if request.method == "POST":
        which = request.POST.get("when", "")
        value = request.POST.get("rating", "")
        if which not in ("before", "after") or not value.isdigit():
            messages.error(request, "Choose before or after, and a rating from 1 to 5.")
        else:
            try:
                rate_confidence(request.user, conversation, **{which: int(value)})
            except ValueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "Rating kept. The trend is on the Stats page.")
        return _back(request, reverse("confidence", args=[conversation.pk]))
    return render(request, "coffeechat/review_confidence.html",
                  {"nav": "people", "conversation": conversation, "ratings": range(1, 6)})


def rehearse_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Practise an upcoming conversation: your 30-second introduction and the plan, with the timer."""
    from coffeechat.services.preparation import introduction

    conversation = _conversation(request, pk)
    context = {
        "nav": "people", "conversation": conversation, "person": conversation.person,
        "introduction": introduction(request.user, conversation, conversation.person),
        "plan": list(conversation.plan_items.order_by("position")),
    }
    return render(request, "coffeechat/review_rehearse.html", context)
