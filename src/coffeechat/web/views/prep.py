"""Preparing a conversation: the research brief with its editable question plan."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.models import Conversation, PlanItem
from coffeechat.services import preparation
from coffeechat.services.live import conversation_of
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest


def owned_conversation(request: OwnerRequest, pk: int) -> Conversation:
    """The user's conversation, or 404 (another user's id looks exactly like a missing one)."""
    conversation = conversation_of(request.user, pk)
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation


def brief(request: OwnerRequest, pk: int) -> HttpResponse:
    """The one-page research brief; prints as a clean sheet."""
    conversation = owned_conversation(request, pk)
    context = {"brief": preparation.research_brief(request.user, conversation), "conversation": conversation,
               "nav": "people"}
    return render(request, "coffeechat/brief.html", context)


@require_POST
def plan_change(request: OwnerRequest, pk: int, action: str) -> HttpResponse:
    """Add a question, suggest a new plan, or mark the plan finished (or not)."""
    conversation = owned_conversation(request, pk)
    try:
        if action == "add":
            preparation.add_item(request.user, conversation, request.POST.get("text", ""))
        elif action == "new":
            preparation.make_plan(request.user, conversation, replace=True)
        elif action == "finished":
            preparation.set_plan_finished(request.user, conversation, request.POST.get("finished") == "1")
        else:
            raise Http404("No such change.")
    except preparation.PlanError as error:
        messages.error(request, str(error))
    return redirect("brief", pk=conversation.pk)


@require_POST
def plan_item_change(request: OwnerRequest, pk: int, action: str) -> HttpResponse:
    """Move a planned question up or down, or remove it."""
    item = owned_or_404(PlanItem, request, pk)
    if action not in ("up", "down", "remove"):
        raise Http404("No such question in your plans.")
    if action == "remove":
        preparation.remove_item(request.user, item.pk)
    else:
        preparation.move_item(request.user, item.pk, -1 if action == "up" else 1)
    return redirect("brief", pk=item.conversation_id)
