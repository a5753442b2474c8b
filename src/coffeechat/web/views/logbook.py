"""Recording events from a person's page: request sent, reply, meeting, held, thank-you."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from coffeechat.models import Person
from coffeechat.services import logbook
from coffeechat.services.preferences import get_setting
from coffeechat.web.forms import EventForm, refusal
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest

EVENTS = ("sent", "follow_up", "reply", "meeting", "held", "thanked")


@require_POST
def record_event(request: OwnerRequest, pk: int, event: str) -> HttpResponse:
    """One of EVENTS happened with this person; back to their page with a note of what was logged."""
    person = owned_or_404(Person, request, pk, message="Nothing to record here.")
    if event not in EVENTS:
        raise Http404("Nothing to record here.")
    owner: Any = request.user
    form = EventForm(request.POST, tz_name=get_setting(owner, "timezone"), when_required=event == "meeting")
    if not form.is_valid():
        messages.error(request, refusal(form))
        return redirect("person", pk=person.pk)
    at = form.cleaned_data["when"]
    try:
        if event in ("sent", "follow_up"):
            logbook.log_sent(owner, person, at=at, kind="follow_up" if event == "follow_up" else "request")
            done = "Request logged: the follow-up clock is running." if event == "sent" else "Follow-up logged."
        elif event == "reply":
            logbook.log_reply(owner, person, at=at)
            done = f"Reply from {person.full_name} logged."
        elif event == "meeting":
            # No length given: a moved conversation keeps its own, a new one takes the setting.
            logbook.log_meeting(owner, person, at=at, minutes=form.cleaned_data["minutes"])
            done = "Conversation scheduled."
        elif event == "held":
            conversation = logbook.log_held(owner, person, at=at, notes=form.cleaned_data["notes"])
            done = f"Conversation logged. {logbook.thank_you_reminder(owner, conversation)}"
        else:
            logbook.log_thanked(owner, person, at=at)
            done = "Thank-you logged."
    except (logbook.NothingToLog, ValueError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("person", pk=person.pk)
