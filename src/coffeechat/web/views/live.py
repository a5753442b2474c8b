"""Live mode during a conversation, and the thank-you right after it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coffeechat.models import PlanItem
from coffeechat.services import live, preparation, thanks
from coffeechat.services.mail import MailNotSetUp
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest
from coffeechat.web.views.prep import owned_conversation

CAPTURE_KINDS = ("referral", "commitment", "insight")
# Live notes may be a whole transcript: this view takes up to 16 MB of text (DATA_UPLOAD_MAX_MEMORY_SIZE,
# 2.5 MB, still guards every form in the app, this one's no-script fallback included).
NOTES_MAX_BYTES = 16 * 1_000_000
WARNINGS_READ = 20_000


def live_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """The conversation on one phone screen: timer, checklist, notes, quick captures."""
    return live_page_with(request, owned_conversation(request, pk), {})


def live_page_with(request: OwnerRequest, conversation: Any, extra: dict[str, Any]) -> HttpResponse:
    """The live page, with ``extra`` context (a referral question to answer, for instance)."""
    note = live.live_note(request.user, conversation)
    captured = live.captures(request.user, conversation)
    context = {
        "conversation": conversation, "person": conversation.person, "nav": "people",
        "plan": preparation.make_plan(request.user, conversation), "note": note,
        # The box edits this note by id; the version tells the server which text the page last saw.
        "note_version": live.note_version(note.body) if note else "",
        "other_notes": [other for other in captured.notes if note is None or other.pk != note.pk],
        "notes_max_bytes": NOTES_MAX_BYTES, "notes_max_words": _megabytes(NOTES_MAX_BYTES),
        "captured": captured,
        "ground_rules": preparation.ground_rules_for(conversation),
        "ratings": range(1, 6),
        **extra,
    }
    return render(request, "coffeechat/live.html", context)


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _notes_answer(status: str, message: str, code: int = 200, **fields: Any) -> JsonResponse:
    return JsonResponse({"status": status, "message": message, **fields}, status=code)


@require_POST
def save_notes(request: OwnerRequest, pk: int) -> HttpResponse:
    """Save the notes box into its own note, with a version check.

    live.js sends the text as the raw body (``text/plain``, up to ``NOTES_MAX_BYTES``: this view reads the
    body itself, so the global form limit of 2.5 MB does not apply) with the note's id and version in
    headers, and gets JSON back: saved, conflict (409, with the other text), too large (413) or bad (400).
    Without JavaScript the form posts ``body``, ``note_id`` and ``version`` and comes back to the page.
    """
    conversation = owned_conversation(request, pk)
    if request.content_type == "text/plain" or "X-Note-Version" in request.headers:
        return _save_notes_from_script(request, conversation)
    text = request.POST.get("body", "")
    note_id = _note_id(request.POST.get("note_id", ""))
    try:
        saved = live.save_live_notes(request.user, conversation, text, note_id=note_id,
                                     version=request.POST.get("version", ""))
        messages.success(request, "Notes saved.")
    except live.NotesConflict:
        # Nothing is lost: what the form held becomes a note of its own, next to the one changed elsewhere.
        saved = live.save_live_notes(request.user, conversation, text)
        messages.warning(request, "These notes were changed elsewhere meanwhile; your text was kept as a "
                                  "separate note of this conversation.")
    if saved.note is None and saved.outcome == "deleted":
        messages.info(request, "Notes emptied.")
    return redirect("live", pk=pk)


def _note_id(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() else None


def _save_notes_from_script(request: OwnerRequest, conversation: Any) -> HttpResponse:
    size = int(request.META.get("CONTENT_LENGTH") or 0)
    if size > NOTES_MAX_BYTES:
        return _too_large(size)
    raw = request.read(NOTES_MAX_BYTES + 1)
    if len(raw) > NOTES_MAX_BYTES:
        return _too_large(len(raw))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return _notes_answer("error", "Not saved: the notes did not arrive as UTF-8 text. Your text is kept "
                                      "in this page; try again.", 400)
    try:
        saved = live.save_live_notes(request.user, conversation, text,
                                     note_id=_note_id(request.headers.get("X-Note-Id", "")),
                                     version=request.headers.get("X-Note-Version", ""))
    except live.NotesConflict as conflict:
        return _notes_answer(
            "conflict", "Not saved: this note was changed elsewhere (another tab or the command line) since "
                        "this page loaded it. Choose which text to keep below.", 409,
            note_id=conflict.note.pk, version=conflict.version, server_text=conflict.note.body)
    # The warnings read the end of a long text only (what was just typed), so a transcript stays quick.
    warnings = live.political_warnings(request.user, text[-WARNINGS_READ:]) if text.strip() else []
    note = saved.note
    when = timezone.localtime(note.updated_at) if note else timezone.localtime()
    words = {"created": "Saved", "updated": "Saved", "unchanged": "Saved", "deleted": "Emptied",
             "empty": "Nothing to save"}[saved.outcome]
    return _notes_answer("saved", f"{words} {when:%H:%M:%S}", note_id=note.pk if note else None,
                         version=saved.version, warnings=warnings, outcome=saved.outcome)


def _too_large(size: int) -> JsonResponse:
    return _notes_answer(
        "too_large", f"Not saved: these notes are {_megabytes(size)}, more than live mode saves at once "
                     f"({_megabytes(NOTES_MAX_BYTES)}). Your text is still here; move part of it to a file and "
                     "add it with `coffeechat note PERSON --file FILE`.", 413, limit=NOTES_MAX_BYTES)


@require_POST
def answer(request: OwnerRequest, pk: int) -> HttpResponse:
    """Tick a planned question answered (or not), or rate its answer 1–5."""
    item = owned_or_404(PlanItem, request, pk)
    rating = request.POST.get("rating", "")
    try:
        item = preparation.mark_answered(request.user, item.pk, rating=int(rating) if rating.isdigit() else None)
    except preparation.PlanError as error:
        return HttpResponse(str(error), status=400)
    if not request.htmx:
        return redirect("live", pk=item.conversation_id)
    return render(request, "coffeechat/live.html#plan-item", {"item": item, "ratings": range(1, 6)})


@require_POST
def capture(request: OwnerRequest, pk: int, kind: str) -> HttpResponse:
    """One-tap capture of a referral, a commitment or an insight; answers with the updated list."""
    conversation = owned_conversation(request, pk)
    if kind not in CAPTURE_KINDS:
        raise Http404("Nothing to capture here.")
    text = request.POST.get("text", "")
    error = ""
    warnings: list[str] = []
    unsure: live.ReferralUnsure | None = None
    linked = None
    try:
        if kind == "referral":
            choice = request.POST.get("person", "").strip()
            referral = live.capture_referral(
                request.user, conversation, text, organization=request.POST.get("organization", ""),
                person_id=int(choice) if choice.isdigit() else None, new_person=choice == "new")
            linked = referral.to_person
        elif kind == "commitment":
            live.capture_commitment(request.user, conversation, text)
        else:
            live.capture_insight(request.user, conversation, text, theme=request.POST.get("theme", ""),
                                 skill=request.POST.get("skill", ""))
            warnings = live.political_warnings(request.user, text)
    except live.ReferralUnsure as question:
        unsure = question
    except ValueError as problem:
        error = str(problem)
    if not request.htmx and unsure is None:
        if error:
            messages.error(request, error)
        return redirect("live", pk=pk)
    context = {"captured": live.captures(request.user, conversation), "capture_error": error,
               "warnings": warnings, "conversation": conversation, "unsure": unsure, "unsure_text": text,
               "linked": linked}
    if not request.htmx:
        # Without htmx, the question comes back on the whole page.
        return live_page_with(request, conversation, context)
    return render(request, "coffeechat/live.html#captures", context)


@require_POST
def held(request: OwnerRequest, pk: int) -> HttpResponse:
    """The conversation is over: mark it held and go to the thank-you draft."""
    conversation = owned_conversation(request, pk)
    try:
        live.mark_held(request.user, conversation)
    except ValueError as refused:
        messages.error(request, f"Not logged as held: {refused}")
        return redirect("live", pk=pk)
    messages.success(request, "Conversation logged. Send your thank-you within 24 hours.")
    return redirect("thank-you", pk=pk)


def thank_you(request: OwnerRequest, pk: int) -> HttpResponse:
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
