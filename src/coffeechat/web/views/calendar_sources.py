"""The Calendar page: connect your own calendar (an .ics address or file, or CalDAV), its status, "Sync now",
the upcoming conversations it brought in, and those whose event was called off there. Every change goes
through services/calendar_sync.py; nothing is ever written to the calendar."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.core.errors import UserError
from coffeechat.models import CalendarSource
from coffeechat.services.calendar_sync import (
    CalendarSyncFailed,
    called_off,
    connect,
    disconnect,
    picked_up_events,
    sources,
    summary_lines,
    sync_calendars,
)
from coffeechat.web.requests import OwnerRequest

KIND_CHOICES = [
    (CalendarSource.Kind.ICS_URL, "A published .ics address (Google's secret address, Outlook's ICS link)"),
    (CalendarSource.Kind.CALDAV, "A CalDAV calendar (iCloud, Fastmail, Nextcloud)"),
    (CalendarSource.Kind.ICS_FILE, "An .ics file on this computer"),
]


class CalendarConnectForm(forms.Form):
    """Where the calendar is: one form for the three kinds; the service checks what each kind needs."""

    kind = forms.ChoiceField(label="Where your calendar is", choices=KIND_CHOICES, widget=forms.RadioSelect,
                             initial=CalendarSource.Kind.ICS_URL)
    location = forms.CharField(
        label="Address or file", max_length=1000,
        help_text="The .ics address (https://… or webcal://…), the CalDAV calendar's address, or the path of "
                  "an .ics file.",
        widget=forms.TextInput(attrs={"placeholder": "https://calendar.google.com/calendar/ical/…/basic.ics"}))
    name = forms.CharField(label="Name for this calendar", max_length=80, initial="calendar")
    username = forms.CharField(label="User name (CalDAV)", required=False, max_length=254,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(
        label="App password (CalDAV)", required=False, strip=False,
        help_text="Kept in your system keyring, or encrypted; never shown again. Empty keeps the stored one "
                  "when the address and user stay the same.",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}))


def _page(request: OwnerRequest, form: CalendarConnectForm | None = None, status: int = 200) -> HttpResponse:
    return render(request, "coffeechat/calendar_sources.html", {
        "nav": "calendar", "form": form or CalendarConnectForm(), "sources": sources(request.user),
        "events": [event for event in picked_up_events(request.user) if event.busy],
        "called_off": called_off(request.user),
    }, status=status)


def calendar_page(request: OwnerRequest) -> HttpResponse:
    """The Calendar page."""
    return _page(request)


@require_POST
def calendar_connect(request: OwnerRequest) -> HttpResponse:
    """Read the calendar once and store it when that works; what is wrong is shown on the form."""
    form = CalendarConnectForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    caldav = data["kind"] == CalendarSource.Kind.CALDAV
    try:
        found = connect(request.user, kind=data["kind"], location=data["location"],
                        username=data["username"] if caldav else "", password=data["password"] if caldav else "",
                        name=data["name"])
    except UserError as error:
        form.add_error(None, str(error))
        return _page(request, form, status=400)
    messages.success(request, f"Connected {found.source.name}: {found.events} events from a week ago to two "
                              f"months ahead, {found.busy} of them busy. Press “Sync now” to bring them in.")
    return redirect("calendar")


@require_POST
def calendar_sync_now(request: OwnerRequest) -> HttpResponse:
    """Read every calendar now; the outcome (errors are stored on the calendar too) as messages."""
    try:
        report = sync_calendars(request.user)
    except CalendarSyncFailed as error:
        report = error.report
        messages.error(request, f"A calendar could not be read: {error}")
    if not report.calendars:
        messages.info(request, "No calendar connected yet.")
    for line in summary_lines(report):
        if "could not be read" not in line:
            messages.success(request, line)
    return redirect("calendar")


@require_POST
def calendar_disconnect(request: OwnerRequest) -> HttpResponse:
    """Forget a calendar (named in the form), its password and events; its conversations stay."""
    try:
        source = disconnect(request.user, str(request.POST.get("name", "")))
    except UserError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Disconnected {source.name}; its events and password are forgotten.")
    return redirect("calendar")
