"""Live mode during a conversation, and the thank-you right after it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.models import PlanItem
from coffeechat.services import live, preparation, thanks
from coffeechat.services.mail import MailNotSetUp
from coffeechat.web.views.prep import owned_conversation

CAPTURE_KINDS = ("referral", "commitment", "insight")


def live_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The conversation on one phone screen: timer, checklist, notes, quick captures."""
    conversation = owned_conversation(request, pk)
    note = live.live_note(request.user, conversation)
    context = {
        "conversation": conversation, "person": conversation.person, "nav": "people",
        "plan": preparation.make_plan(request.user, conversation), "note": note,
        # Milliseconds, to compare with the browser's backup of unsaved notes.
        "saved_at_ms": int(note.updated_at.timestamp() * 1000) if note else 0,
        "captured": live.captures(request.user, conversation),
        "ground_rules": preparation.ground_rules_for(conversation),
        "ratings": range(1, 6),
    }
    return render(request, "coffeechat/live.html", context)


@require_POST
def save_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the notes box (htmx, as the user types); without htmx, back to the page."""
    conversation = owned_conversation(request, pk)
    text = request.POST.get("body", "")
    note = live.save_live_notes(request.user, conversation, text)
    warnings = live.political_warnings(request.user, text) if text.strip() else []
    if not request.htmx:
        messages.success(request, "Notes saved.")
        return redirect("live", pk=pk)
    return render(request, "coffeechat/live.html#notes-status", {"note": note, "warnings": warnings})


@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a planned question answered (or not), or rate its answer 1–5."""
    item = PlanItem.objects.owned_by(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404("No such question in your plans.")
    rating = request.POST.get("rating", "")
    try:
        item = preparation.mark_answered(request.user, item.pk, rating=int(rating) if rating.isdigit() else None)
    except preparation.PlanError as error:
        return HttpResponse(str(error), status=400)
    if not request.htmx:
        return redirect("live", pk=item.conversation_id)
    return render(request, "coffeechat/live.html#plan-item", {"item": item, "ratings": range(1, 6)})


@require_POST
def capture(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """One-tap capture of a referral, a commitment or an insight; answers with the updated list."""
    conversation = owned_conversation(request, pk)
    if kind not in CAPTURE_KINDS:
        raise Http404("Nothing to capture here.")
    text = request.POST.get("text", "")
    error = ""
    warnings: list[str] = []
    try:
        if kind == "referral":
            live.capture_referral(request.user, conversation, text, organization=request.POST.get("organization", ""))
        elif kind == "commitment":
            live.capture_commitment(request.user, conversation, text)
        else:
            live.capture_insight(request.user, conversation, text, theme=request.POST.get("theme", ""),
                                 skill=request.POST.get("skill", ""))
            warnings = live.political_warnings(request.user, text)
    except ValueError as problem:
        error = str(problem)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("live", pk=pk)
    context = {"captured": live.captures(request.user, conversation), "capture_error": error,
               "warnings": warnings, "conversation": conversation}
    return render(request, "coffeechat/live.html#captures", context)


@require_POST
def held(request: HttpRequest, pk: int) -> HttpResponse:
    """The conversation is over: mark it held and go to the thank-you draft."""
    conversation = owned_conversation(request, pk)
    live.mark_held(request.user, conversation)
    messages.success(request, "Conversation logged. Send your thank-you within 24 hours.")
    return redirect("thank-you", pk=pk)


def thank_you(request: HttpRequest, pk: int) -> HttpResponse:
    """The thank-you draft; POST sends it by email or records that it went out another way."""
    conversation = owned_conversation(request, pk)
    if request.method == "POST":
        subject, body = request.POST.get("subject", ""), request.POST.get("body", "")
        try:
            if request.POST.get("action") == "send":
                thanks.send_thank_you(request.user, conversation, subject=subject, body=body,
                                      to=request.POST.get("to", ""))
                messages.success(request, f"Thank-you sent to {conversation.person.full_name}.")
            else:
                thanks.record_thank_you(request.user, conversation, subject=subject, body=body)
                messages.success(request, "Thank-you logged.")
        except (thanks.NotReadyToThank, MailNotSetUp, OSError) as error:
            messages.error(request, str(error))
            return redirect("thank-you", pk=pk)
        return redirect("person", pk=conversation.person_id)
    context = {"conversation": conversation, "person": conversation.person, "nav": "people",
               "draft": thanks.thank_you_draft(request.user, conversation),
               "captured": live.captures(request.user, conversation)}
    return render(request, "coffeechat/thank_you.html", context)
