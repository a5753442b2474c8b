"""The practice itself: goals, conversations, messages, referrals, tasks and the timeline of touches."""

from __future__ import annotations

from django.db import models

from coffeechat.models.base import Owned
from coffeechat.models.network import Organization, Person


class Goal(Owned):
    """What the user is exploring ("policy analysis at a think tank"); everything links back to one."""

    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    field = models.CharField(
        max_length=40, blank=True, help_text="A field pack: newsroom_politics, tech, public_policy, finance, nonprofit"
    )
    target_role = models.CharField(max_length=200, blank=True, help_text="The job the user wants, in words")
    interests = models.TextField(blank=True, help_text="What the user wants to find out, in their words")
    resume_with_thank_you = models.BooleanField(default=False)
    archived = models.BooleanField(default=False)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Conversation(Owned):
    """One informational interview with one person, from proposal to thank-you."""

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    class Channel(models.TextChoices):
        VIDEO = "video", "Video call"
        PHONE = "phone", "Phone"
        IN_PERSON = "in_person", "In person"

    class Purpose(models.TextChoices):
        CAREER = "career", "Career conversation"
        REPORTING = "reporting", "Reporting (as a journalist)"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conversations")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations")
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    scheduled_at = models.DateTimeField(null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(default=20)
    timezone = models.CharField(max_length=64, blank=True, help_text="The zone the time was agreed in")
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.VIDEO)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.CAREER)
    location = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    plan_finished = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)
    thanked_at = models.DateTimeField(null=True, blank=True)
    ical_uid = models.CharField(max_length=200, blank=True)
    ical_sequence = models.PositiveIntegerField(default=0)
    confidence_before = models.PositiveSmallIntegerField(null=True, blank=True)
    confidence_after = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "state", "scheduled_at"])]
        ordering = ["-scheduled_at", "-id"]

    def __str__(self) -> str:
        return f"Conversation with {self.person}"


class Message(Owned):
    """A message to a person: a request, a follow-up, a thank-you, an update. Draft until sent."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Request"
        FOLLOW_UP = "follow_up", "Follow-up"
        THANK_YOU = "thank_you", "Thank-you"
        UPDATE = "update", "Update"
        REPORT_BACK = "report_back", "Report-back"
        CONFIRM = "confirm", "Confirmation"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SENT = "sent", "Sent"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="messages")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REQUEST)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    channel = models.CharField(max_length=20, blank=True, help_text="email, linkedin, phone…")
    template = models.CharField(max_length=40, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "kind", "sent_at"])]
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.person}"


class Referral(Owned):
    """Someone pointed the user to someone else ("talk to Dana"), maybe during a conversation."""

    from_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals_given")
    to_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals_received")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    note = models.TextField(blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    reported_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_person} → {self.to_person}"


class Task(Owned):
    """Something the user promised or wants to do ("send my clips to Dana")."""

    title = models.CharField(max_length=300)
    due = models.DateField(null=True, blank=True)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title


class Touch(Owned):
    """One entry on a person's timeline: anything that happened between the user and them."""

    class Kind(models.TextChoices):
        ADDED = "added", "Added"
        IMPORTED = "imported", "Imported"
        UPDATED = "updated", "Details changed"
        MOVED_JOB = "moved_job", "Changed job"
        REQUEST_SENT = "request_sent", "Request sent"
        FOLLOW_UP_SENT = "follow_up_sent", "Follow-up sent"
        REPLY = "reply", "Replied"
        SCHEDULED = "scheduled", "Conversation scheduled"
        HELD = "held", "Conversation held"
        THANKED = "thanked", "Thank-you sent"
        REFERRAL = "referral", "Referral"
        NOTE = "note", "Note"
        UPDATE_SENT = "update_sent", "Update sent"
        MERGED = "merged", "Merged"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="touches")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    summary = models.CharField(max_length=500)
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where the entry came from when the user did not type it: "mail" or "calendar" (models/sync.py).
    source = models.CharField(max_length=20, blank=True, default="", db_default="")

    class Meta:
        indexes = [
            models.Index(fields=["owner", "person", "at"]),
            # The entries of one kind (when each conversation was set) without the whole timeline (0009).
            models.Index(fields=["owner", "kind", "at"]),
        ]
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.summary
