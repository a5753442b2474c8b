"""The people pages: the list with search, and one person with their timeline."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.models import Person
from coffeechat.services.people import people_query, timeline

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """The start page (the people list until the dashboard arrives)."""
    return redirect("people")


def people_list(request: HttpRequest) -> HttpResponse:
    """Everyone in the network, searchable; htmx requests get only the results partial."""
    text = request.GET.get("q", "").strip()
    tag = request.GET.get("tag", "").strip()
    page = Paginator(people_query(request.user, text=text, tag=tag), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": text, "tag": tag}
    template = "coffeechat/people.html#results" if request.htmx else "coffeechat/people.html"
    return render(request, template, context)


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person: who they are, how to reach them and everything that happened between you."""
    person = (
        Person.objects.owned_by(request.user)
        .select_related("organization", "referred_by")
        .prefetch_related("tags", "contact_points")
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404("No such person in your network.")
    return render(request, "coffeechat/person.html", {"person": person, "timeline": timeline(request.user, person)})
