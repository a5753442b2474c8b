"""The weekly review page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from coffeechat.services.review import weekly_review
from coffeechat.web.requests import OwnerRequest


def review_page(request: OwnerRequest) -> HttpResponse:
    """The past seven days, the next seven, and one suggestion."""
    review = weekly_review(request.user)
    due = [{"action": a, "label": a.kind.replace("_", " "), "person": review.due.person_name(a.person_id)}
           for a in review.due.actions]
    return render(request, "coffeechat/review.html", {"nav": "review", "review": review, "due": due})
