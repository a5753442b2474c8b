"""Recording events from a person's page: request sent, reply, meeting, held, thank-you."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from coffeechat.core.when import WhenError, parse_when
from coffeechat.models import Person
from coffeechat.services import logbook
from coffeechat.services.clock import now
from coffeechat.services.preferences import get_setting
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest

EVENTS = ("sent", "follow_up", "reply", "meeting", "held", "thanked")


def _when(request: OwnerRequest, required: bool = False) -> datetime | None:
    text = request.POST.get("when", "").strip()
    if not text:
        if required:
            raise WhenError("say when the conversation is")
        return None
    return parse_when(text, now=now(), tz_name=get_setting(request.user, "timezone"))


@require_POST
def record_event(request: OwnerRequest, pk: int, event: str) -> HttpResponse:
    """One of EVENTS happened with this person; back to their page with a note of what was logged."""
    person = owned_or_404(Person, request, pk, message="Nothing to record here.")
    if event not in EVENTS:
        raise Http404("Nothing to record here.")
    owner: Any = request.user
    try:
        if event in ("sent", "follow_up"):
            logbook.log_sent(owner, person, at=_when(request), kind="follow_up" if event == "follow_up" else "request")
            done = "Request logged: the follow-up clock is running." if event == "sent" else "Follow-up logged."
        elif event == "reply":
            logbook.log_reply(owner, person, at=_when(request))
            done = f"Reply from {person.full_name} logged."
        elif event == "meeting":
            raw = request.POST.get("minutes", "").strip()
            if raw and not raw.isdigit():
                raise ValueError(f"minutes must be a whole number, not {raw!r}")
            # No length given: a moved conversation keeps its own, a new one takes the setting.
            logbook.log_meeting(owner, person, at=_when(request, required=True),  # type: ignore[arg-type]
                                minutes=int(raw) if raw else None)
            done = "Conversation scheduled."
        elif event == "held":
            conversation = logbook.log_held(owner, person, at=_when(request), notes=request.POST.get("notes", ""))
            done = f"Conversation logged. {logbook.thank_you_reminder(owner, conversation)}"
        else:
            logbook.log_thanked(owner, person, at=_when(request))
            done = "Thank-you logged."
    except (WhenError, logbook.NothingToLog, ValueError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("person", pk=person.pk)
