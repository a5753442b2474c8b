"""Scheduling from a person's page: the time in both zones, the .ics to download, and the calendar feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST, require_safe

from coffeechat.models import Conversation, Person
from coffeechat.services.free_slots import SlotOfferError, offer_slots
from coffeechat.services.logbook import upcoming_conversation
from coffeechat.services.preferences import get_setting
from coffeechat.services.scheduling import (
    SchedulingError,
    cancel,
    contact_zone,
    feed_ics,
    invite_ics,
    meeting_of,
    owner_of_feed,
    preview,
    schedule,
)
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest


def _person(request: OwnerRequest, pk: int) -> Person:
    return owned_or_404(Person, request, pk, related=("organization",))


def _minutes(request: OwnerRequest) -> int | None:
    raw = request.POST.get("minutes", "").strip()
    return int(raw) if raw.isdigit() else None


def schedule_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """The form: a time in their zone, shown in yours as well; a POST records (or moves) the conversation."""
    person = _person(request, pk)
    if request.method == "POST":
        try:
            done = schedule(request.user, person, request.POST.get("at", ""), tz=request.POST.get("tz", "").strip() or None,
                            minutes=_minutes(request))
        except SchedulingError as error:
            messages.error(request, str(error))
        else:
            verb = "Moved" if done.moved else "Scheduled"
            messages.success(request, f"{verb}: {done.meeting.for_contact()} for them, {done.meeting.for_user()} for you.")
        return redirect("schedule", pk=person.pk)
    upcoming = upcoming_conversation(request.user, person)
    meeting = None
    if upcoming is not None and upcoming.scheduled_at is not None:
        try:
            meeting = meeting_of(request.user, upcoming)
        except SchedulingError:
            meeting = None
    context: dict[str, Any] = {
        "nav": "people", "person": person, "upcoming": upcoming if meeting else None, "meeting": meeting,
        "proposed": meeting,
        "their_zone": contact_zone(request.user, person), "your_zone": get_setting(request.user, "timezone"),
        "minutes": get_setting(request.user, "meeting_minutes"),
        "at": meeting.start.strftime("%Y-%m-%dT%H:%M") if meeting else "",
        "held": Conversation.objects.owned_by(request.user).filter(person=person).exclude(pk=getattr(upcoming, "pk", None))
        .exclude(scheduled_at__isnull=True).order_by("-scheduled_at")[:10],
    }
    try:
        context["offer"] = offer_slots(request.user, person)
    except SlotOfferError as problem:
        context["offer_error"] = str(problem)
    return render(request, "coffeechat/schedule.html", context)


@require_POST
def schedule_preview(request: OwnerRequest, pk: int) -> HttpResponse:
    """Only the both-zones partial, as the user picks a time."""
    person = _person(request, pk)
    context: dict[str, Any] = {"person": person}
    at = request.POST.get("at", "").strip()
    if at:
        try:
            context["proposed"] = preview(request.user, person, at, tz=request.POST.get("tz", "").strip() or None,
                                          minutes=_minutes(request))
        except SchedulingError as error:
            context["problem"] = str(error)
    return render(request, "coffeechat/schedule.html#zones", context)


def _conversation(request: OwnerRequest, pk: int) -> Conversation:
    return owned_or_404(Conversation, request, pk, related=("person", "person__organization"))


def _calendar_file(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def conversation_ics(request: OwnerRequest, pk: int) -> HttpResponse:
    """Download the invite (or, once cancelled, the cancellation) of one conversation."""
    conversation = _conversation(request, pk)
    try:
        data = invite_ics(request.user, conversation)
    except SchedulingError as error:
        messages.error(request, str(error))
        return redirect("schedule", pk=conversation.person_id)
    return _calendar_file(data, f"coffeechat-{conversation.pk}.ics")


@require_POST
def conversation_cancel(request: OwnerRequest, pk: int) -> HttpResponse:
    """Call the conversation off; the page then offers the cancellation to send."""
    conversation = _conversation(request, pk)
    try:
        data = cancel(request.user, conversation)
    except SchedulingError as error:
        messages.error(request, str(error))
    else:
        note = " Download the cancellation below and send it." if data else " Let them know yourself."
        messages.success(request, f"Conversation cancelled.{note}")
    return redirect("schedule", pk=conversation.person_id)


@login_not_required
@require_safe  # GET, and HEAD (calendar apps check the feed with it): same answer, no body
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed a calendar app subscribes to; the secret in the address is the only key."""
    owner = owner_of_feed(token)
    if owner is None:
        raise Http404("No such calendar.")
    response = HttpResponse(feed_ics(owner), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response
