"""What coffeechat reads from the user's own mail and calendar: the accounts it reads, and what it saw there.

Mail: only headers are read (From, To, Cc, Date, Message-ID, In-Reply-To, References, Subject), only of
messages that involve someone in the network whose ``Person.mail_sync`` is on; a body is kept only for a
person whose ``Person.mail_bodies`` is on. Each message is recorded once (``MailSeen``, unique by
Message-ID per owner, ``mail_id``), so a second sync changes nothing.

Calendar: the user's busy times (to offer free slots) and the events whose attendees are in the network
(picked up as scheduled conversations, a moved event as a reschedule).
"""

from __future__ import annotations

from django.db import models

from coffeechat.models.base import Owned
from coffeechat.models.conversations import Conversation, Message, Touch
from coffeechat.models.network import Person


class MailAccount(Owned):
    """Where the user's mail is read from: an IMAP account (TLS required) or a local Maildir / mbox."""

    class Kind(models.TextChoices):
        IMAP = "imap", "IMAP account"
        MAILDIR = "maildir", "Maildir folder"
        MBOX = "mbox", "mbox files"

    class Security(models.TextChoices):
        SSL = "ssl", "TLS from the start (port 993)"
        STARTTLS = "starttls", "STARTTLS (port 143)"
        NONE = "none", "None (only to this machine, 127.0.0.1)"

    name = models.CharField(max_length=80, default="mail")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    host = models.CharField(max_length=255, blank=True)
    security = models.CharField(max_length=10, choices=Security.choices, default=Security.SSL)
    port = models.PositiveIntegerField(null=True, blank=True)
    username = models.CharField(max_length=254, blank=True)
    # A sealed reference from services/secrets.py (keyring or encrypted), never the password itself.
    secret = models.TextField(blank=True)
    # IMAP: folder names; Maildir: a folder path (or a Maildir++ subfolder name); mbox: a file path.
    inbox = models.CharField(max_length=500, blank=True)
    sent = models.CharField(max_length=500, blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="mail_account_unique_name")]
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class MailSeen(Owned):
    """One message read from mail, recorded once: what it was taken for, and what it wrote on the record."""

    class Direction(models.TextChoices):
        SENT = "sent", "Sent by you"
        RECEIVED = "received", "Received"

    class Recorded(models.TextChoices):
        REQUEST = "request", "Request sent"
        REPLY = "reply", "Reply"
        FOLLOW_UP = "follow_up", "Follow-up sent"
        THANK_YOU = "thank_you", "Thank-you sent"
        OTHER = "other", "Other message"

    account = models.ForeignKey(MailAccount, null=True, blank=True, on_delete=models.SET_NULL, related_name="seen")
    # The Message-ID header without its angle brackets (``message`` is the logged Message row).
    mail_id = models.CharField(max_length=500)
    thread_root = models.CharField(max_length=500, blank=True, help_text="The Message-ID the thread began with")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    recorded = models.CharField(max_length=20, choices=Recorded.choices, default=Recorded.OTHER)
    at = models.DateTimeField()
    subject = models.CharField(max_length=300, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="mail_seen")
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    touch = models.ForeignKey(Touch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(blank=True, help_text="Kept only when the person's mail_bodies is on")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "mail_id"], name="mail_seen_unique_message")]
        indexes = [models.Index(fields=["owner", "thread_root"]), models.Index(fields=["owner", "person", "at"])]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_recorded_display()}: {self.subject}"


class CalendarSource(Owned):
    """The user's own calendar: an .ics URL or file, or a CalDAV collection."""

    class Kind(models.TextChoices):
        ICS_URL = "ics_url", "iCalendar URL"
        ICS_FILE = "ics_file", "iCalendar file"
        CALDAV = "caldav", "CalDAV collection"

    name = models.CharField(max_length=80, default="calendar")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    location = models.CharField(max_length=1000, help_text="The URL or the file path")
    username = models.CharField(max_length=254, blank=True)
    secret = models.TextField(blank=True)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="calendar_source_unique_name")]
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class CalendarEvent(Owned):
    """One occurrence of an event of the user's calendar, as last read: busy time, and maybe a conversation."""

    source = models.ForeignKey(CalendarSource, on_delete=models.CASCADE, related_name="events")
    uid = models.CharField(max_length=500)
    # Blank for a single event; the occurrence's original start (ISO text) for one of a recurring series.
    recurrence_id = models.CharField(max_length=40, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    busy = models.BooleanField(default=True, help_text="False for a free (TRANSP:TRANSPARENT) or cancelled event")
    summary = models.CharField(max_length=300, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    attendees = models.TextField(blank=True, help_text="The attendees' addresses, lower case, one per line")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "source", "uid", "recurrence_id"],
                                    name="calendar_event_unique_occurrence")
        ]
        indexes = [models.Index(fields=["owner", "start"])]
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return f"{self.summary} at {self.start:%Y-%m-%d %H:%M}"
