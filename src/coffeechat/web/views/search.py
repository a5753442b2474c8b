"""The search results page behind the search box on every page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coffeechat.services.search import search

RESULTS = 50


def search_page(request: HttpRequest) -> HttpResponse:
    """Ranked results for ``q`` over people, notes, insights and messages."""
    query = request.GET.get("q", "").strip()[:200]
    hits = search(request.user, query, RESULTS) if query else []
    return render(request, "coffeechat/search.html", {"q": query, "hits": hits, "nav": "search"})
