"""People who are in the network twice: the pairs side by side, a comparison, and the merge itself."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.models import ContactPoint, Person
from coffeechat.services.merging import MergeRefused, duplicate_candidates, merge_people
from coffeechat.services.people import timeline
from coffeechat.web.requests import OwnerRequest

# Enough to work through in one sitting; the rest appear as these are merged.
PAIRS_SHOWN = 100
TIMELINE_SHOWN = 8


def duplicates_page(request: OwnerRequest) -> HttpResponse:
    """Every pair that looks like one person, with the evidence and a button to merge it."""
    pairs = duplicate_candidates(request.user, limit=PAIRS_SHOWN + 1)
    context = {"pairs": pairs[:PAIRS_SHOWN], "more": len(pairs) > PAIRS_SHOWN, "nav": "people"}
    return render(request, "coffeechat/duplicates.html", context)


def _person(owner: Any, value: str | None) -> Person:
    """One of the owner's people by id, with what the comparison shows; 404 for anything else."""
    if not value or not value.isdigit():
        raise Http404("Say which two people to merge.")
    found = (
        Person.objects.owned_by(owner).filter(pk=int(value)).select_related("organization", "referred_by")
        .prefetch_related("tags", Prefetch("contact_points", queryset=ContactPoint.objects.order_by("id")))
        .annotate(touch_count=Count("touches", distinct=True), conversation_count=Count("conversations", distinct=True),
                  message_count=Count("messages", distinct=True))
        .first()
    )
    if found is None:
        raise Http404("No such person in your network.")
    return found


def merge_page(request: OwnerRequest) -> HttpResponse:
    """GET: both records side by side and what merging will do, with the button to confirm; POST with
    ``confirmed=yes``: merge ``other`` into ``keep`` (without it, the confirmation page again)."""
    source = request.POST if request.method == "POST" else request.GET
    keep, other = _person(request.user, source.get("keep")), _person(request.user, source.get("other"))
    if request.method == "POST":
        return _merge(request, keep, other)
    return _confirmation(request, keep, other, source.get("next", ""))


def _confirmation(request: OwnerRequest, keep: Person, other: Person, next_page: str) -> HttpResponse:
    context = {
        "keep": keep, "other": other, "nav": "people", "next": "duplicates" if next_page == "duplicates" else "",
        "keep_timeline": timeline(request.user, keep, TIMELINE_SHOWN),
        "other_timeline": timeline(request.user, other, TIMELINE_SHOWN),
        "other_points": len(other.contact_points.all()),
    }
    return render(request, "coffeechat/merge.html", context)


@require_POST
def merge_pair(request: OwnerRequest) -> HttpResponse:
    """The duplicates page's button: the confirmation page for merging the right-hand record into the
    left-hand one (the merge happens only once that page is confirmed)."""
    return _merge(request, _person(request.user, request.POST.get("keep")), _person(request.user, request.POST.get("other")))


def _merge(request: OwnerRequest, keep: Person, other: Person) -> HttpResponse:
    if keep.pk == other.pk:
        messages.error(request, "These are the same record; choose two different people.")
        return redirect("duplicates")
    if request.POST.get("confirmed") != "yes":
        return _confirmation(request, keep, other, request.POST.get("next", ""))
    try:
        report = merge_people(request.user, keep, other)
    except MergeRefused as error:
        messages.error(request, str(error))
        return redirect("duplicates")
    messages.success(request, f"{other.full_name} is merged into {report.person.full_name}: "
                              "every detail and timeline entry of both records is here.")
    if request.POST.get("next") == "duplicates":
        return redirect("duplicates")
    return redirect("person", pk=report.person.pk)
