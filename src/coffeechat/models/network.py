"""The user's network: organisations, people, how to reach them, and tags."""

from __future__ import annotations

from typing import Any

from django.db import models

from coffeechat.core.matching import fold_text
from coffeechat.models.base import Owned


class Organization(Owned):
    """An employer or group the user is exploring, with its LAMP scores (docs/practice.md §4.1)."""

    name = models.CharField(max_length=200)
    website = models.URLField(blank=True)
    # LAMP: Advocacy yes/no, Motivation 0-3 (4 pulls it into the top five), Posting 1-3.
    advocacy = models.BooleanField(default=False)
    motivation = models.PositiveSmallIntegerField(default=0)
    posting = models.PositiveSmallIntegerField(default=1)
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="organization_unique_name_per_owner"),
            models.CheckConstraint(condition=models.Q(motivation__lte=4), name="organization_motivation_0_4"),
            models.CheckConstraint(
                condition=models.Q(posting__gte=1, posting__lte=3), name="organization_posting_1_3"
            ),
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(Owned):
    """A label the user puts on people ("alumni", "data-journalism")."""

    name = models.CharField(max_length=80)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="tag_unique_name_per_owner")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(Owned):
    """Someone in the user's network: a possible or past conversation partner."""

    class HowKnown(models.TextChoices):
        ALUMNI = "alumni", "Alumni"
        REFERRAL = "referral", "Referral"
        COLD = "cold", "Cold"
        COLLEAGUE = "colleague", "Colleague"
        FRIEND = "friend", "Friend or family"
        OTHER = "other", "Other"

    class Stage(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        MET = "met", "Met"
        ONGOING = "ongoing", "Ongoing"
        MENTOR = "mentor", "Mentor"

    full_name = models.CharField(max_length=200)
    # The name without accents or case ("Núñez" -> "nunez"), kept by save() and every bulk write, so that
    # `people nunez` and `show chloe` find Núñez and Chloé on SQLite and PostgreSQL alike.
    folded_name = models.CharField(max_length=200, blank=True, editable=False)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    timezone = models.CharField(max_length=64, blank=True, help_text="IANA name, e.g. America/New_York")
    linkedin_url = models.CharField(max_length=300, blank=True, db_index=True)
    how_known = models.CharField(max_length=20, choices=HowKnown.choices, default=HowKnown.COLD)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NEW)
    cadence_days = models.PositiveIntegerField(null=True, blank=True)
    referred_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="referred_people"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="people")
    notes = models.TextField(blank=True)
    connected_on = models.DateField(null=True, blank=True)
    # The vCard UID this person is known by in address books, so exports and re-imports stay one card.
    vcard_uid = models.CharField(max_length=200, blank=True, db_index=True)
    # Journalism (docs/practice.md §4.9): someone approached as a reporter is a source, with ground rules agreed first.
    is_source = models.BooleanField(default=False)
    ground_rules = models.TextField(blank=True)
    # Mail (models/sync.py): whether their messages are read from the user's mail at all (the allowlist),
    # and whether bodies are kept too (off unless the user turns it on for this person).
    # db_default too: the bulk import writes people with plain SQL (services/imports.py).
    mail_sync = models.BooleanField(default=True, db_default=True)
    mail_bodies = models.BooleanField(default=False, db_default=False)

    class Meta:
        indexes = [
            models.Index(fields=["owner", "full_name"]),
            models.Index(fields=["owner", "organization"]),
            # `next` finds mentors and people with a cadence without reading the whole network (0009).
            models.Index(fields=["owner", "stage"]),
            models.Index(fields=["owner", "cadence_days"]),
        ]
        ordering = ["full_name", "id"]

    def __str__(self) -> str:
        return self.full_name

    def refresh_folded_name(self) -> None:
        """Recompute ``folded_name`` from ``full_name`` (bulk writes call this; save() does it itself)."""
        self.folded_name = fold_text(self.full_name)[:200]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_folded_name()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "folded_name"}
        super().save(*args, **kwargs)

    @property
    def primary_email(self) -> str:
        """The first email on file, or an empty string."""
        for point in self.contact_points.all():
            if point.kind == ContactPoint.Kind.EMAIL:
                return point.value
        return ""


class ContactPoint(Owned):
    """One way to reach a person: an email, a phone number or a web link."""

    class Kind(models.TextChoices):
        EMAIL = "email", "Email"
        PHONE = "phone", "Phone"
        URL = "url", "Link"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = models.CharField(max_length=300)
    label = models.CharField(max_length=60, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "kind", "value"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "value"], name="contact_point_unique_per_person")
        ]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.value}"
