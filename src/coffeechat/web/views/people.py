"""The people pages: the list with search, one person with their timeline, and adding, editing and
deleting a person (through the same services as `coffeechat add|edit|delete`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render

from coffeechat.core.links import web_url
from coffeechat.models import ContactPoint, Person
from coffeechat.services.people import (
    MAX_CADENCE_DAYS,
    MIN_CADENCE_DAYS,
    NewPerson,
    PersonChanges,
    PersonInvalid,
    TooManyWords,
    TwinPerson,
    add_person,
    delete_person,
    deletion_summary,
    edit_person,
    people_query,
)
from coffeechat.services.timeline import person_timeline
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest

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


def people_list(request: OwnerRequest) -> HttpResponse:
    """Everyone in the network, searchable; htmx requests get only the results partial."""
    text = request.GET.get("q", "").strip()
    tag = request.GET.get("tag", "").strip()
    refused = ""
    try:
        query = people_query(request.user, text=text, tag=tag)
    except TooManyWords as error:
        refused, query = f"Nobody shown: {error}.", Person.objects.none()
    page = Paginator(query, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "q": text, "tag": tag, "nav": "people", "refused": refused}
    template = "coffeechat/people.html#results" if request.htmx else "coffeechat/people.html"
    return render(request, template, context)


def person_detail(request: OwnerRequest, pk: int) -> HttpResponse:
    """One person: who they are, how to reach them and everything that happened between you."""
    person = owned_or_404(Person, request, pk, related=("organization", "referred_by"), prefetch=("tags", "contact_points"))
    from coffeechat.services.agenda import responsiveness

    # The latest entries first; a long history is one click away.
    whole = request.GET.get("timeline") == "all"
    entries = person_timeline(request.user, person, limit=100_000 if whole else TIMELINE_SHOWN + 1)
    context = {"person": person, "timeline": entries[:None if whole else TIMELINE_SHOWN],
               "contacts": contact_rows(person), "linkedin_href": web_url(person.linkedin_url),
               "timeline_cut": not whole and len(entries) > TIMELINE_SHOWN, "nav": "people",
               "responsiveness": responsiveness(request.user, person), "record_events": RECORD_EVENTS}
    return render(request, "coffeechat/person.html", context)


def contact_rows(person: Person) -> list[dict[str, str]]:
    """How to reach the person, each with a link only when it is safe: mailto for emails, http(s) web pages;
    anything else (a ``javascript:`` address from an old file, say) is shown as text."""
    rows = []
    for point in person.contact_points.all():
        if point.kind == ContactPoint.Kind.EMAIL:
            href = f"mailto:{point.value}" if "@" in point.value and ":" not in point.value else ""
        elif point.kind == ContactPoint.Kind.URL:
            href = web_url(point.value)
        else:
            href = ""
        rows.append({"label": point.get_kind_display(), "value": point.value, "href": href})
    return rows


def _lines(text: str) -> tuple[str, ...]:
    """One value per line (or comma for tags), blanks dropped."""
    return tuple(line.strip() for line in text.replace("\r", "").split("\n") if line.strip())


class PersonForm(forms.Form):
    """Everything the user can say about a person; the service checks the values (PersonInvalid)."""

    full_name = forms.CharField(label="Name", max_length=200)
    organization = forms.CharField(label="Organisation", required=False, max_length=200)
    title = forms.CharField(label="Job title", required=False, max_length=200)
    how_known = forms.ChoiceField(label="How you know them", choices=Person.HowKnown.choices,
                                  initial=Person.HowKnown.COLD)
    # Only on the edit form: a new person starts at "new" and events move them on.
    stage = forms.ChoiceField(label="Stage", choices=Person.Stage.choices, initial=Person.Stage.NEW, required=False)
    emails = forms.CharField(label="Email addresses", required=False, help_text="One per line.",
                             widget=forms.Textarea(attrs={"rows": 2}))
    phones = forms.CharField(label="Phone numbers", required=False,
                             help_text="One per line; stored in one spelling using your country setting.",
                             widget=forms.Textarea(attrs={"rows": 2}))
    links = forms.CharField(label="Web pages", required=False, help_text="One per line; http:// or https:// only.",
                            widget=forms.Textarea(attrs={"rows": 2}))
    linkedin_url = forms.CharField(label="LinkedIn profile", required=False, max_length=300)
    location = forms.CharField(label="Location", required=False, max_length=200)
    timezone = forms.CharField(label="Time zone", required=False, max_length=64,
                               help_text="An IANA name such as America/New_York.",
                               widget=forms.TextInput(attrs={"list": "zones", "autocomplete": "off"}))
    cadence_days = forms.IntegerField(
        label="Keep in touch every … days", required=False, min_value=0, max_value=MAX_CADENCE_DAYS,
        help_text=f"{MIN_CADENCE_DAYS} to {MAX_CADENCE_DAYS} days; empty for no reminders.")
    tags = forms.CharField(label="Tags", required=False, help_text="Separated by commas.")
    notes = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def new_person(self) -> NewPerson:
        data = self.cleaned_data
        return NewPerson(
            full_name=data["full_name"], organization=data["organization"], title=data["title"],
            emails=_lines(data["emails"]), phones=_lines(data["phones"]), links=_lines(data["links"]),
            linkedin_url=data["linkedin_url"], location=data["location"], timezone=data["timezone"],
            how_known=data["how_known"], tags=tuple(t.strip() for t in data["tags"].split(",") if t.strip()),
            notes=data["notes"])

    def changes(self) -> PersonChanges:
        data = self.cleaned_data
        return PersonChanges(
            full_name=data["full_name"], organization=data["organization"], title=data["title"],
            how_known=data["how_known"], stage=data["stage"] or None, linkedin_url=data["linkedin_url"],
            location=data["location"], timezone=data["timezone"], cadence_days=data["cadence_days"] or 0,
            notes=data["notes"], emails=_lines(data["emails"]), phones=_lines(data["phones"]),
            links=_lines(data["links"]), tags=tuple(t.strip() for t in data["tags"].split(",") if t.strip()))


def _initial(person: Person) -> dict[str, Any]:
    points = list(person.contact_points.all())
    return {
        "full_name": person.full_name, "organization": person.organization.name if person.organization else "",
        "title": person.title, "how_known": person.how_known, "stage": person.stage,
        "emails": "\n".join(p.value for p in points if p.kind == ContactPoint.Kind.EMAIL),
        "phones": "\n".join(p.value for p in points if p.kind == ContactPoint.Kind.PHONE),
        "links": "\n".join(p.value for p in points if p.kind == ContactPoint.Kind.URL),
        "linkedin_url": person.linkedin_url, "location": person.location, "timezone": person.timezone,
        "cadence_days": person.cadence_days, "tags": ", ".join(t.name for t in person.tags.all()),
        "notes": person.notes,
    }


def _zones() -> tuple[str, ...]:
    import zoneinfo

    return tuple(sorted(zoneinfo.available_timezones()))


def _form_page(request: OwnerRequest, form: PersonForm, person: Person | None, twin: Person | None = None,
               status: int = 200) -> HttpResponse:
    context = {"form": form, "person": person, "twin": twin, "nav": "people", "zones": _zones()}
    return render(request, "coffeechat/person_form.html", context, status=status)


def _owned_person(request: OwnerRequest, pk: int) -> Person:
    return owned_or_404(Person, request, pk, related=("organization",))


def person_new(request: OwnerRequest) -> HttpResponse:
    """Add someone: the form, then the person's page. A twin (same name and organisation) is shown with a
    link to them and added only if the user presses "Add anyway"."""
    if request.method != "POST":
        return _form_page(request, PersonForm(), None)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, None, status=400)
    try:
        person = add_person(request.user, form.new_person(), allow_twin=request.POST.get("allow_twin") == "1")
    except TwinPerson as error:
        return _form_page(request, form, None, twin=error.existing, status=409)
    except PersonInvalid as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return _form_page(request, form, None, status=400)
    messages.success(request, f"Added {person.full_name}.")
    return redirect("person", pk=person.pk)


def person_edit(request: OwnerRequest, pk: int) -> HttpResponse:
    """Change any detail of a person; the timeline records what changed."""
    person = _owned_person(request, pk)
    if request.method != "POST":
        return _form_page(request, PersonForm(initial=_initial(person)), person)
    form = PersonForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, person, status=400)
    try:
        said = edit_person(request.user, person, form.changes())
    except PersonInvalid as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return _form_page(request, form, person, status=400)
    messages.success(request, f"Saved: {'; '.join(said)}." if said else "Nothing changed.")
    return redirect("person", pk=person.pk)


def person_delete(request: OwnerRequest, pk: int) -> HttpResponse:
    """GET: what deleting this person removes, and a button to confirm; POST: delete them."""
    person = _owned_person(request, pk)
    if request.method != "POST":
        context = {"person": person, "summary": deletion_summary(request.user, person), "nav": "people"}
        return render(request, "coffeechat/person_delete.html", context)
    done = delete_person(request.user, person)
    messages.success(request, f"Deleted {done.name} with {done.sentence()}.")
    return redirect("people")
