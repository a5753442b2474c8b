"""The Mail page: connect an account (Maildir, mbox or IMAP), its status, "Sync now", the messages recorded
from mail (each with a one-click correction of its kind) and the allowlist with per-person switches.
Every change goes through services/mail_accounts.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.core.errors import UserError
from coffeechat.models import MailSeen, Person
from coffeechat.models.sync import MailAccount
from coffeechat.services.mail_accounts import (
    MailAccountError,
    accounts,
    allowlist,
    connect,
    correct,
    disconnect,
    recent_seen,
    set_allow,
    set_bodies,
    summary,
    sync,
)
from coffeechat.services.preferences import get_setting
from coffeechat.web.forms import refusal
from coffeechat.web.navigation import back_or
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest

KIND_CHOICES = [(MailAccount.Kind.MAILDIR, "A Maildir folder on this computer (mbsync, offlineimap)"),
                (MailAccount.Kind.MBOX, "mbox files on this computer (Thunderbird)"),
                (MailAccount.Kind.IMAP, "An IMAP account (Gmail, Outlook, your university)")]


class ConnectForm(forms.Form):
    """Where the mail is: one form for the three kinds; the service checks what each kind needs."""

    kind = forms.ChoiceField(label="Where your mail is", choices=KIND_CHOICES, widget=forms.RadioSelect,
                             initial=MailAccount.Kind.MAILDIR)
    name = forms.CharField(label="Name for this account", max_length=80, initial="mail")
    inbox = forms.CharField(
        label="Inbox", required=False, max_length=500,
        help_text="Maildir: the folder holding cur, new and tmp. mbox: the inbox file. IMAP: the folder name "
                  "(empty means INBOX).",
        widget=forms.TextInput(attrs={"placeholder": "e.g. /home/you/Mail/INBOX"}))
    sent = forms.CharField(
        label="Sent mail", required=False, max_length=500,
        help_text="A folder or file path, a Maildir++ name such as Sent, or the IMAP folder "
                  "(Gmail: [Gmail]/Sent Mail, Outlook: Sent Items).",
        widget=forms.TextInput(attrs={"placeholder": "e.g. /home/you/Mail/Sent"}))
    host = forms.CharField(label="IMAP server", required=False, max_length=255,
                           widget=forms.TextInput(attrs={"placeholder": "e.g. imap.gmail.com"}))
    port = forms.IntegerField(label="Port", required=False, min_value=1, max_value=65535,
                              help_text="Empty: 993 (143 with STARTTLS).")
    security = forms.ChoiceField(label="Security", choices=MailAccount.Security.choices,
                                 initial=MailAccount.Security.SSL)
    username = forms.CharField(label="User name", required=False, max_length=254,
                               widget=forms.TextInput(attrs={"placeholder": "you@gmail.com", "autocomplete": "username"}))
    password = forms.CharField(
        label="App password", required=False, strip=False,
        help_text="Kept in your system keyring, or encrypted; never shown again. For Gmail and Outlook, an app "
                  "password (see docs/mail.md). Empty keeps the stored one when the server and user stay the same.",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}))


class CorrectForm(forms.Form):
    kind = forms.ChoiceField(choices=MailSeen.Recorded.choices)


def _page(request: OwnerRequest, form: ConnectForm | None = None, status: int = 200) -> HttpResponse:
    return render(request, "coffeechat/mail.html", {
        "nav": "mail", "form": form or ConnectForm(), "accounts": accounts(request.user),
        "recent": recent_seen(request.user, 30), "allowlist": allowlist(request.user),
        "kinds": MailSeen.Recorded.choices, "zone": get_setting(request.user, "timezone"),
    }, status=status)


def mail_page(request: OwnerRequest) -> HttpResponse:
    """The Mail page."""
    return _page(request)


@require_POST
def mail_connect(request: OwnerRequest) -> HttpResponse:
    """Store (or replace) an account from the connect form; its problems are shown on the form."""
    form = ConnectForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    data = form.cleaned_data
    kind = data["kind"]
    try:
        account = connect(request.user, kind=kind, host=data["host"] if kind == "imap" else "", port=data["port"],
                          security=data["security"], username=data["username"] if kind == "imap" else "",
                          password=data["password"] if kind == "imap" else "", inbox=data["inbox"],
                          sent=data["sent"], name=data["name"])
    except MailAccountError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return _page(request, form, status=400)
    messages.success(request, f"Connected {account.name}. Press “Sync now” to read it.")
    return redirect("mail")


@require_POST
def mail_sync(request: OwnerRequest) -> HttpResponse:
    """Sync every account now; the outcome (or the error, which is stored on the account) as a message."""
    try:
        report = sync(request.user)
    except UserError as error:
        messages.error(request, f"Mail could not be read: {error}")
    else:
        said = summary(report)
        messages.success(request, said[:1].upper() + said[1:] + ".")
    return redirect("mail")


@require_POST
def mail_disconnect(request: OwnerRequest) -> HttpResponse:
    """Forget an account (named in the form) and its password; what it recorded stays."""
    try:
        account = disconnect(request.user, str(request.POST.get("name", "")))
    except UserError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Disconnected {account.name}; its password is forgotten.")
    return redirect("mail")


@require_POST
def mail_correct(request: OwnerRequest, pk: int) -> HttpResponse:
    """Take one recorded message for another kind (one click on the Mail page or a timeline)."""
    seen = owned_or_404(MailSeen, request, pk, related=("person",))
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
    else:
        correct(request.user, seen, form.cleaned_data["kind"])
        messages.success(request, f"“{seen.subject or 'no subject'}” is now: {seen.get_recorded_display()}.")
    return back_or(request, "mail")


@require_POST
def person_mail(request: OwnerRequest, pk: int) -> HttpResponse:
    """One person's switches: read their mail (allow/block) and keep message texts (bodies on/off)."""
    person = owned_or_404(Person, request, pk)
    switch, value = str(request.POST.get("switch", "")), str(request.POST.get("on", ""))
    if switch not in ("allow", "bodies") or value not in ("1", "0"):
        messages.error(request, "Choose what to switch: mail read or texts kept, on or off.")
        return back_or(request, "mail")
    changed: Any = (set_allow if switch == "allow" else set_bodies)(request.user, person, value == "1")
    if switch == "allow":
        messages.success(request, f"Mail with {changed.full_name} is {'read (headers only)' if changed.mail_sync else 'no longer read'}.")
    else:
        messages.success(request, f"Texts of messages with {changed.full_name} are {'kept from the next sync on' if changed.mail_bodies else 'not kept (any kept are wiped)'}.")
    return back_or(request, "mail")
