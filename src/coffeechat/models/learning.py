"""What the user prepares and learns: questions, question plans, notes and insights."""

from __future__ import annotations

from django.db import models

from coffeechat.models.base import Owned
from coffeechat.models.conversations import Conversation, Goal
from coffeechat.models.network import Person


class Question(Owned):
    """A question the user wrote, or a change to one from the built-in bank (hidden, retagged)."""

    bank_key = models.CharField(max_length=60, blank=True, help_text="The built-in question this overrides")
    text = models.TextField()
    category = models.CharField(max_length=40)
    field = models.CharField(max_length=40, blank=True)
    tags = models.CharField(max_length=300, blank=True)
    hidden = models.BooleanField(default=False)
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="questions")

    class Meta:
        ordering = ["category", "id"]

    def __str__(self) -> str:
        return self.text


class PlanItem(Owned):
    """One question in a conversation's plan, in order, with whether and how well it was answered."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="plan_items")
    position = models.PositiveSmallIntegerField()
    bank_key = models.CharField(max_length=60, blank=True)
    text = models.TextField()
    category = models.CharField(max_length=40, blank=True)
    answered = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["conversation", "position"]

    def __str__(self) -> str:
        return self.text


class Note(Owned):
    """Free text the user wrote about a person, a conversation or a goal."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="note_set")
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="note_set"
    )
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    body = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:60]


class Insight(Owned):
    """Something learned in a conversation, tagged by theme and skill, feeding the goal's synthesis."""

    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.CASCADE, related_name="insights"
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights")
    text = models.TextField()
    theme = models.CharField(max_length=80, blank=True)
    skill = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]
