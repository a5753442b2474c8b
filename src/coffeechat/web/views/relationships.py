"""Small forms about a relationship: stage by hand, cadence, mentorship suggestion dismissed
(a conversation's confidence ratings and rehearsal: readiness.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from coffeechat.models import Person
from coffeechat.services.relationships import dismiss_mentorship, set_cadence, set_stage
from coffeechat.web.forms import CadenceForm, StageForm, refusal
from coffeechat.web.navigation import back_or
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest


def _person(request: OwnerRequest, pk: int) -> Person:
    return owned_or_404(Person, request, pk)


@require_POST
def person_stage(request: OwnerRequest, pk: int) -> HttpResponse:
    """Set a person's stage by hand."""
    person = _person(request, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return redirect("person", pk=person.pk)
    try:
        set_stage(request.user, person, form.cleaned_data["stage"])
    except ValueError as error:
        messages.error(request, f"Stage: {error}")
    else:
        messages.success(request, f"{person.full_name} is now at stage {person.get_stage_display()}.")
    return redirect("person", pk=person.pk)


@require_POST
def person_cadence(request: OwnerRequest, pk: int) -> HttpResponse:
    """Set how often to keep in touch (days, or empty for none)."""
    person = _person(request, pk)
    form = CadenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return redirect("person", pk=person.pk)
    try:
        set_cadence(request.user, person, form.cleaned_data["days"])
    except ValueError as error:
        messages.error(request, f"Cadence: {error}")
    else:
        messages.success(request, "Cadence saved." if person.cadence_days else "No cadence for this person.")
    return redirect("person", pk=person.pk)


@require_POST
def mentorship_dismiss(request: OwnerRequest, pk: int) -> HttpResponse:
    """Stop suggesting to ask this person for mentorship."""
    person = _person(request, pk)
    dismiss_mentorship(request.user, person)
    messages.success(request, f"No more mentorship suggestions for {person.full_name}.")
    return back_or(request, "review")
