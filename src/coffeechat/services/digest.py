"""The daily digest: today's list by email (or printed), sent at most once a day per address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.template.loader import render_to_string

from coffeechat.models import UserSetting
from coffeechat.services.agenda import agenda
from coffeechat.services.mail import send_mail_as_user

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Digest:
    """One day's digest, ready to print or send."""

    subject: str
    text: str
    html: str
    count: int
    day: str


def build_digest(owner: User) -> Digest:
    """Today's due actions as an email: subject, plain text and HTML, from three templates."""
    view = agenda(owner)
    rows = [
        {"action": a, "label": a.kind.replace("_", " "), "person": view.person_name(a.person_id),
         "organization": view.organization_name(a.organization_id)}
        for a in view.actions
    ]
    context = {"rows": rows, "today": view.today, "overdue": sum(1 for a in view.actions if a.overdue)}
    subject = " ".join(render_to_string("coffeechat/email/digest_subject.txt", context).split())
    return Digest(
        subject=subject,
        text=render_to_string("coffeechat/email/digest_body.txt", context),
        html=render_to_string("coffeechat/email/digest_body.html", context),
        count=len(rows),
        day=view.today.isoformat(),
    )


def send_digest(owner: User, address: str, *, force: bool = False, **mail_options: Any) -> bool:
    """Send today's digest to ``address`` unless it already went there today (``force`` sends anyway);
    True when sent.

    The "sent today" mark and the sending share one transaction: a failed send leaves no mark, so the
    next try sends again.
    """
    digest = build_digest(owner)
    key = f"digest_sent:{address.strip().lower()}"
    with transaction.atomic():
        mark, _ = UserSetting.objects.select_for_update().get_or_create(owner=owner, key=key, defaults={"value": ""})
        if mark.value == digest.day and not force:
            return False
        send_mail_as_user(owner, to=[address], subject=digest.subject, text=digest.text, html=digest.html, **mail_options)
        mark.value = digest.day
        mark.save(update_fields=["value", "updated_at"])
    return True
