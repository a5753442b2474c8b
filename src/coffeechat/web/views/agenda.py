"""The dashboard: what's next, grouped, with done and snooze in place."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.services.agenda import SnoozeError, UnknownAction, agenda, mark_done, snooze
from coffeechat.web.forms import ActionForm, SnoozeForm, refusal
from coffeechat.web.requests import OwnerRequest

WEEK_AHEAD = 7
GROUP_LIMIT = 12


def _dashboard_context(request: OwnerRequest) -> dict[str, object]:
    # One pass over the record: a week ahead, split into what is due by today and what comes later.
    from coffeechat.core.clock import local_date
    from coffeechat.services.agenda import Agenda
    from coffeechat.services.clock import now
    from coffeechat.services.preferences import get_setting

    today = local_date(now(), get_setting(request.user, "timezone"))
    view: Agenda = agenda(request.user, until=today + timedelta(days=WEEK_AHEAD))
    rows = lambda items: [
        {"action": a, "label": a.kind.replace("_", " "), "person": view.person_name(a.person_id),
         "organization": view.organization_name(a.organization_id), "suggested": view.person_name(a.suggested_person_id)}
        for a in items
    ]
    losing_touch = [a for a in view.actions if a.kind == "keep_in_touch"]
    others = [a for a in view.actions if a.kind != "keep_in_touch"]
    overdue = [a for a in others if a.overdue]
    due_today = [a for a in others if not a.overdue and a.due <= view.today]
    this_week = [a for a in others if not a.overdue and a.due > view.today]
    # A long list is shown in part: the most urgent of each group, with a link to see everything.
    limit = None if request.GET.get("all") else GROUP_LIMIT
    groups = {"overdue": overdue, "due_today": due_today, "this_week": this_week, "losing_touch": losing_touch}
    context: dict[str, object] = {"nav": "home", "today": view.today, "snooze_default": view.today + timedelta(days=3),
                                  "limit": limit}
    for name, items in groups.items():
        context[name] = rows(items[:limit])
        context[f"{name}_count"] = len(items)
    context["hidden"] = sum(max(len(items) - (limit or len(items)), 0) for items in groups.values())
    return context


def dashboard(request: OwnerRequest) -> HttpResponse:
    """The home page: every due action of every kind."""
    template = "coffeechat/dashboard.html#agenda" if request.htmx else "coffeechat/dashboard.html"
    return render(request, template, _dashboard_context(request))


@require_POST
def action_done(request: OwnerRequest) -> HttpResponse:
    """Mark one action done, then show the refreshed list."""
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return _after_change(request)
    try:
        mark_done(request.user, form.cleaned_data["key"])
    except UnknownAction as error:
        messages.error(request, str(error))
    return _after_change(request)


@require_POST
def action_snooze(request: OwnerRequest) -> HttpResponse:
    """Snooze one action until a day, then show the refreshed list."""
    form = SnoozeForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return _after_change(request)
    try:
        snooze(request.user, form.cleaned_data["key"], form.cleaned_data["until"])
    except (UnknownAction, SnoozeError) as error:
        messages.error(request, str(error))
    return _after_change(request)


def _after_change(request: OwnerRequest) -> HttpResponse:
    if request.htmx:
        return render(request, "coffeechat/dashboard.html#agenda", _dashboard_context(request))
    return redirect("home")
