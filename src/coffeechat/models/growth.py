"""What the user learns about themselves over a term: how a goal changed, milestones reached, and the
mentorship suggestions they chose to set aside."""

from __future__ import annotations

from django.db import models

from coffeechat.models.base import Owned
from coffeechat.models.conversations import Goal
from coffeechat.models.network import Person


class GoalReflection(Owned):
    """One dated version of "how this goal changed", so the user sees their thinking evolve."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="reflections")
    body = models.TextField()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.body[:60]


class Milestone(Owned):
    """Something the user landed ("got the internship"), and the people it came through."""

    title = models.CharField(max_length=300)
    at = models.DateTimeField()
    people = models.ManyToManyField(Person, blank=True, related_name="milestones")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return self.title


class MentorshipDismissal(Owned):
    """The user does not want to be nudged to ask this person for mentorship."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "person"], name="mentorship_dismissal_once_per_person")
        ]

    def __str__(self) -> str:
        return f"No mentorship nudge for {self.person_id}"
