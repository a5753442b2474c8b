"""The career centre (many users on one server): accounts and roles, invitations, consent and its audit
log, advisors' comments, alumni volunteers, the centre's shared question bank and templates, devices.

None of this exists in the local single-user mode, which needs no accounts. Rows about a student's
record are ``Owned`` by the student (consent, the audit log, comments, alumni requests): the student is
in charge of them. They are not part of a practice backup (they name other people's accounts, which
exist only on this server): services/backup.py lists them in ``CENTRE_MODELS``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from coffeechat.models.base import Owned
from coffeechat.models.conversations import Message


class Role(models.TextChoices):
    STUDENT = "student", "Student"
    ADVISOR = "advisor", "Advisor"
    ADMIN = "admin", "Administrator"
    ALUMNUS = "alumnus", "Alumni volunteer"


class Account(models.Model):
    """A centre account: the user's role and cohort. Email (``User.email``) is the identity."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="centre_account")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)
    cohort = models.CharField(max_length=80, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["role", "cohort"])]

    def __str__(self) -> str:
        return f"{self.display_name or self.user_id} ({self.role})"


class Invitation(models.Model):
    """An invitation by email: the link works once and expires. Only the token's hash is kept."""

    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.STUDENT)
    cohort = models.CharField(max_length=80, blank=True)
    display_name = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["email"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation for {self.email}"


class PasswordReset(models.Model):
    """A password-reset link sent by mail: works once, expires within the hour. Only the hash is kept."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)


class LoginAttempt(models.Model):
    """One password login attempt, for rate limiting by email and by address (shared by every app process)."""

    email = models.CharField(max_length=254)
    address = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()
    succeeded = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["email", "at"]), models.Index(fields=["address", "at"])]


class Device(models.Model):
    """A signed-in browser ("your devices"): the session it holds, so the user can end it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=300, blank=True)
    address = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]


class Consent(Owned):
    """What one advisor may see of the student's (the owner's) record. No row: nothing at all."""

    class Level(models.TextChoices):
        COUNTS = "counts", "Counts only"
        TIMELINE = "timeline", "Goals and timeline"
        EVERYTHING = "everything", "Everything, including notes"

    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.COUNTS)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "advisor"], name="consent_one_per_advisor")]


class AdvisorView(Owned):
    """The audit log the student reads: an advisor looked at part of the student's (the owner's) record."""

    advisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=20, choices=Consent.Level.choices)
    what = models.CharField(max_length=300)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["owner", "at"])]
        ordering = ["-at", "-id"]


class AdvisorComment(Owned):
    """A comment an advisor left for the student (the owner), who sees it; advisors never edit the record."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class AlumniOffer(Owned):
    """An alumni volunteer (the owner) takes up to ``per_month`` conversations a month on these topics."""

    topics = models.TextField(help_text="One topic per line")
    per_month = models.PositiveSmallIntegerField(default=2)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="alumni_offer_one_per_alumnus")]


class AlumniRequest(Owned):
    """A student's (the owner's) request to an alumni volunteer: one open per pair, expires after 14 days."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        EXPIRED = "expired", "Expired"
        WITHDRAWN = "withdrawn", "Withdrawn"

    alumnus = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    expires_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The request as a sent message in the student's record, so the same follow-up clock starts.
    message = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "alumnus"], condition=models.Q(status="open"),
                                    name="alumni_request_one_open_per_pair")
        ]
        indexes = [models.Index(fields=["alumnus", "status", "created_at"])]
        ordering = ["-created_at", "-id"]


class SharedItem(models.Model):
    """The centre's shared question bank and request templates, written by advisors; students copy them."""

    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        TEMPLATE = "template", "Request template"

    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    category = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "category", "id"]
