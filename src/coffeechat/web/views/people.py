"""The people pages: the list with search, and one person with their timeline."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from coffeechat.models import Person
from coffeechat.services.people import people_query
from coffeechat.services.timeline import person_timeline

PAGE_SIZE = 50
TIMELINE_SHOWN = 40
# (event, label, needs a time) for the "Record what happened" forms on a person's page.
RECORD_EVENTS = (
    ("sent", "Request sent", False),
    ("reply", "They replied", False),
    ("follow_up", "Follow-up sent", False),
    ("meeting", "Conversation scheduled", True),
    ("held", "Conversation held", False),
    ("thanked", "Thank-you sent", False),
)


def people_list(request: HttpRequest) -> HttpResponse:
    """Everyone in the network, searchable; htmx requests get only the results partial."""
    text = request.GET.get("q", "").strip()
    tag = request.GET.get("tag", "").strip()
    page = Paginator(people_query(request.user, text=text, tag=tag), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": text, "tag": tag, "nav": "people"}
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
    from coffeechat.services.agenda import responsiveness

    # The latest entries first; a long history is one click away.
    whole = request.GET.get("timeline") == "all"
    entries = person_timeline(request.user, person, limit=100_000 if whole else TIMELINE_SHOWN + 1)
    context = {"person": person, "timeline": entries[:None if whole else TIMELINE_SHOWN],
               "timeline_cut": not whole and len(entries) > TIMELINE_SHOWN, "nav": "people",
               "responsiveness": responsiveness(request.user, person), "record_events": RECORD_EVENTS}
    return render(request, "coffeechat/person.html", context)
