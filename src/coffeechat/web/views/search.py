"""The search results page behind the search box on every page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from coffeechat.services.search import search
from coffeechat.web.requests import OwnerRequest

RESULTS = 50


def search_page(request: OwnerRequest) -> HttpResponse:
    """Ranked results for ``q`` over everything written and everyone known (the same as `coffeechat
    search`); the best 50, or every match with ``all=1``."""
    query = request.GET.get("q", "").strip()[:200]
    everything = request.GET.get("all") == "1"
    hits = search(request.user, query, 0 if everything else RESULTS + 1) if query else []
    cut = not everything and len(hits) > RESULTS
    context = {"q": query, "hits": hits[:RESULTS] if cut else hits, "cut": cut, "shown": RESULTS, "nav": "search"}
    return render(request, "coffeechat/search.html", context)
