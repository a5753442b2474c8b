"""Alumni volunteers (issue 15 §6), centre mode only.

Alumni: "Your offer" (opt in, change, opt out) and "Alumni requests" (accept or decline). Students: the
directory with their own requests, and the request form, whose text the composer's rules check (failures
are shown; sending anyway is the student's choice, as in the composer). Ids travel in forms or the query
string, never as a path segment; a request or an alumnus that is not the user's to see is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.core.errors import NotFound
from coffeechat.core.message_rules import count_words
from coffeechat.web.requests import OwnerRequest
from coffeechat.web.roles import role_required

# --- alumni -------------------------------------------------------------------------------------------


@role_required("alumnus")
def offer_page(request: OwnerRequest) -> HttpResponse:
    """Opt in with topics and a monthly number, change them, or opt out."""
    from coffeechat.services.alumni import AlumniError, offer_of, opt_out, save_offer, used_this_month

    status = 200
    if request.method == "POST":
        data = request.POST
        try:
            if data.get("action") == "opt-out":
                opt_out(request.user)
                done = "You are out of the directory. Requests already open are still yours to answer."
            else:
                save_offer(request.user, data.get("topics", ""), data.get("per_month", ""))
                done = "Saved: students can find you in the alumni directory."
        except AlumniError as error:
            messages.error(request, str(error).capitalize() + ".")
            status = 400
        else:
            messages.success(request, done)
            return redirect("centre-alumni-offer")
    offer = offer_of(request.user)
    return render(request, "coffeechat/centre_alumni_offer.html",
                  {"offer": offer, "used": used_this_month(request.user), "data": request.POST,
                   "nav": "alumni-offer"}, status=status)


@role_required("alumnus")
def alumnus_requests_page(request: OwnerRequest) -> HttpResponse:
    """The requests students made to this alumnus: accept or decline the open ones."""
    from coffeechat.services.alumni import AlumniError, accept, decline, display_name, requests_for

    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                answered = accept(request.user, request.POST.get("request", ""))
                done = f"Accepted. {display_name(answered.owner)} is told by mail and will write to you to agree a time."
            elif action == "decline":
                answered = decline(request.user, request.POST.get("request", ""))
                done = f"Declined. {display_name(answered.owner)} is told kindly by mail."
            else:
                raise NotFound("no such action")
        except NotFound as error:
            raise Http404(str(error)) from error
        except AlumniError as error:
            messages.error(request, str(error).capitalize() + ".")
            status = 400
        else:
            messages.success(request, done)
            return redirect("centre-alumni-requests")
    rows = [(r, display_name(r.owner)) for r in requests_for(request.user)]
    return render(request, "coffeechat/centre_alumni_requests.html", {"rows": rows, "nav": "alumni-requests"},
                  status=status)


# --- students -----------------------------------------------------------------------------------------


@role_required("student")
def directory_page(request: OwnerRequest) -> HttpResponse:
    """Alumni taking requests (by topic), and the student's own requests with their state."""
    from coffeechat.services.alumni import AlumniError, directory, display_name, requests_of, withdraw

    if request.method == "POST":
        try:
            withdraw(request.user, request.POST.get("request", ""))
        except NotFound as error:
            raise Http404(str(error)) from error
        except AlumniError as error:
            messages.error(request, str(error).capitalize() + ".")
        else:
            messages.success(request, "Request withdrawn.")
        return redirect("centre-alumni")
    topic = request.GET.get("topic", "").strip()
    mine = [(r, display_name(r.alumnus)) for r in requests_of(request.user)]
    return render(request, "coffeechat/centre_alumni.html",
                  {"entries": directory(request.user, topic), "topic": topic, "mine": mine, "nav": "alumni"})


def _form_context(request: OwnerRequest, alumnus: Any, data: Any) -> dict[str, Any]:
    from coffeechat.services.alumni import display_name, offer_of, split_topics

    offer = offer_of(alumnus)
    return {"alumnus": alumnus, "name": display_name(alumnus), "topics": split_topics(offer.topics if offer else ""),
            "data": data, "nav": "alumni"}


@role_required("student")
def ask_page(request: OwnerRequest) -> HttpResponse:
    """The request form: ``?alumnus=ID``. "Check" shows the outreach rules; "Send" sends (warnings shown)."""
    from coffeechat.services.alumni import OPEN_DAYS, AlumniError, alumnus_for, check_request, request_alumnus

    data = request.POST if request.method == "POST" else request.GET
    try:
        alumnus = alumnus_for(request.user, data.get("alumnus", ""))
    except NotFound as error:
        raise Http404(str(error)) from error
    context = _form_context(request, alumnus, data)
    status = 200
    if request.method == "POST":
        body = data.get("body", "")
        if data.get("action") == "send":
            try:
                outcome = request_alumnus(request.user, alumnus, data.get("topic", ""), body)
            except NotFound as error:
                raise Http404(str(error)) from error
            except AlumniError as error:
                messages.error(request, str(error).capitalize() + ".")
                status = 400
            else:
                messages.success(request, f"Sent to {context['name']}; they have {OPEN_DAYS} days to answer. "
                                          "The follow-up clock is running, as for any request.")
                for rule in outcome.warnings:
                    messages.warning(request, f"{rule.label}: {rule.reason}")
                return redirect("centre-alumni")
        results = check_request(request.user, alumnus, body)
        context = {**context, "results": results, "words": count_words(body),
                   "all_passed": all(r.passed for r in results)}
    return render(request, "coffeechat/centre_alumni_ask.html", context, status=status)
