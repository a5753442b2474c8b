"""Getting ready for a conversation and looking back on it: how confident you feel before and after
(1 to 5), and the rehearsal page with your introduction and the question plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from coffeechat.models import Conversation
from coffeechat.services.relationships import rate_confidence
from coffeechat.web.forms import ConfidenceForm, refusal
from coffeechat.web.navigation import back_or
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest


def _conversation(request: OwnerRequest, pk: int) -> Conversation:
    return owned_or_404(Conversation, request, pk, related=("person", "person__organization", "person__referred_by", "goal"))


def confidence_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """Rate, 1 to 5, how ready you feel before a conversation and how it went after. One tap each."""
    conversation = _conversation(request, pk)
    if request.method == "POST":
        form = ConfidenceForm(request.POST)
        if not form.is_valid():
            messages.error(request, refusal(form))
        else:
            try:
                rate_confidence(request.user, conversation, **{form.cleaned_data["when"]: form.cleaned_data["rating"]})
            except ValueError as error:
                messages.error(request, f"Rating: {error}")
            else:
                messages.success(request, "Rating kept. The trend is on the Stats page.")
        return back_or(request, reverse("confidence", args=[conversation.pk]))
    return render(request, "coffeechat/review_confidence.html",
                  {"nav": "people", "conversation": conversation, "ratings": range(1, 6)})


def rehearse_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """Practise an upcoming conversation: your 30-second introduction and the plan, with the timer."""
    from coffeechat.services.preparation import introduction

    conversation = _conversation(request, pk)
    context = {
        "nav": "people", "conversation": conversation, "person": conversation.person,
        "introduction": introduction(request.user, conversation, conversation.person),
        "plan": list(conversation.plan_items.order_by("position")),
    }
    return render(request, "coffeechat/review_rehearse.html", context)
