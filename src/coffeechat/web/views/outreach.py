"""The request composer: a template filled in, the rules checked live as you type, three ways to send."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.core.message_rules import MODES, count_words
from coffeechat.core.request_templates import TEMPLATES
from coffeechat.models import Goal, Person
from coffeechat.services.free_slots import SlotOfferError, offer_slots
from coffeechat.services.mail import MailNotSetUp
from coffeechat.services.outreach import (
    REQUEST_TEMPLATES,
    Composition,
    OutreachError,
    check,
    compose,
    default_template,
    mailto_link,
    record_sent,
    request_context,
    send_by_email,
)
from coffeechat.services.preferences import all_settings
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest

# How the user sent it themselves, as the message's channel.
SELF_SENT = {"mail_client": "your mail app", "clipboard": "copy and paste"}


def _person(request: OwnerRequest, pk: int) -> Person:
    return owned_or_404(Person, request, pk, related=("organization", "referred_by"), prefetch=("contact_points",))


def _goal(request: OwnerRequest, data: Any) -> Goal | None:
    goals = Goal.objects.owned_by(request.user).filter(archived=False).order_by("id")
    raw = str(data.get("goal", "")).strip()
    return goals.filter(pk=int(raw)).first() if raw.isdigit() else goals.first()


def _checked(request: OwnerRequest, person: Person, data: Any) -> dict[str, Any]:
    """The rules for the text as it stands, and a mailto link carrying it."""
    template = data.get("template") or default_template(person)
    if template not in REQUEST_TEMPLATES:
        template = "cold"
    mode = data.get("mode") or all_settings(request.user)["message_mode"]
    if mode not in MODES:
        mode = "6point"
    ctx = request_context(request.user, person, template=template, goal=_goal(request, data),
                          connection=data.get("connection", ""))
    body, subject = data.get("body", ""), data.get("subject", "")
    results = check(body, mode, ctx.message_context())
    address = person.primary_email
    return {
        "results": results, "mode": mode, "words": count_words(body), "all_passed": all(r.passed for r in results),
        "mailto": mailto_link(address, subject, body) if address else "",
    }


def compose_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """The composer for a request to one person, starting from the chosen (or fitting) template."""
    person = _person(request, pk)
    goal = _goal(request, request.GET)
    template = request.GET.get("template") or default_template(person, goal)
    connection = request.GET.get("connection", "").strip()
    error = None
    draft: Composition | None = None
    try:
        draft = compose(request.user, person, template=template, goal=goal, connection=connection)
    except OutreachError as problem:
        error = str(problem)
    data = {"template": template, "goal": goal.pk if goal else "", "connection": connection,
            "subject": draft.subject if draft else "", "body": draft.body if draft else ""}
    settings = all_settings(request.user)
    try:
        offer, offer_error = offer_slots(request.user, person), None
    except SlotOfferError as problem:
        offer, offer_error = None, str(problem)
    context = {
        "nav": "people", "person": person, "draft": draft, "error": error, "data": data,
        "templates": [TEMPLATES[t] for t in REQUEST_TEMPLATES], "goals": Goal.objects.owned_by(request.user)
        .filter(archived=False).order_by("id"), "goal": goal, "modes": MODES,
        "can_send": bool(settings["smtp_host"]) and bool(person.primary_email),
        "offer": offer, "offer_error": offer_error,
        **_checked(request, person, data),
    }
    return render(request, "coffeechat/compose.html", context)


@require_POST
def compose_check(request: OwnerRequest, pk: int) -> HttpResponse:
    """Only the rules partial, for the live check as the user types."""
    person = _person(request, pk)
    return render(request, "coffeechat/compose.html#checked", {"person": person, **_checked(request, person, request.POST)})


@require_POST
def compose_send(request: OwnerRequest, pk: int) -> HttpResponse:
    """Send through SMTP, or log a message the user sent themselves; either way the clock starts."""
    person = _person(request, pk)
    how = request.POST.get("how", "")
    subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
    template = request.POST.get("template", "")
    template = template if template in REQUEST_TEMPLATES else ""
    try:
        if how == "smtp":
            send_by_email(request.user, person, subject=subject, body=body, template=template)
            done = f"Sent to {person.primary_email}. The follow-up clock is running."
        elif how in SELF_SENT:
            record_sent(request.user, person, subject=subject, body=body, template=template, channel=how)
            done = f"Logged as sent through {SELF_SENT[how]}. The follow-up clock is running."
        else:
            raise OutreachError("say how it was sent")
    except (OutreachError, MailNotSetUp) as error:
        messages.error(request, str(error))
        return redirect("compose", pk=person.pk)
    except OSError as error:
        # The SMTP server could not be reached or refused: nothing was logged, the draft is in the form.
        messages.error(request, f"Could not send through your mail server ({error.__class__.__name__}); nothing was logged.")
        return redirect("compose", pk=person.pk)
    messages.success(request, done)
    return redirect("person", pk=person.pk)
