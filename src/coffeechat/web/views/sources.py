"""Journalism mode on the web: switching a person to source (ground rules first) and the source book."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.models import Person
from coffeechat.services.sources import GroundRulesNeeded, mark_as_career, mark_as_source, source_book
from coffeechat.web.forms import SourceSwitchForm, refusal
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest


@require_POST
def switch(request: OwnerRequest, pk: int) -> HttpResponse:
    """Make a person a source (with the ground rules typed in) or take them back to career only."""
    person = owned_or_404(Person, request, pk)
    form = SourceSwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
    elif form.cleaned_data["to"] == "career":
        mark_as_career(request.user, person)
        messages.success(request, f"{person.full_name} is back to career conversations only.")
    else:
        try:
            mark_as_source(request.user, person, form.cleaned_data["ground_rules"])
        except GroundRulesNeeded as error:
            messages.error(request, f"Ground rules: {error}")
        else:
            messages.success(request, f"{person.full_name} is now a source; the ground rules are on their page.")
    return redirect("person", pk=person.pk)


def book(request: OwnerRequest) -> HttpResponse:
    """Every source with their ground rules and the last touch."""
    return render(request, "coffeechat/sources.html", {"entries": source_book(request.user), "nav": "sources"})
