"""Sending mail through the user's own SMTP server (their settings), with Django's mail machinery."""

from __future__ import annotations

from typing import Any

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from coffeechat.services.preferences import all_settings


class MailNotSetUp(RuntimeError):
    """The user has not told coffeechat how to send mail yet."""


def smtp_connection(owner: Any) -> BaseEmailBackend:
    """An SMTP connection from the user's settings; the password never leaves this function."""
    values = all_settings(owner)
    if not values["smtp_host"]:
        raise MailNotSetUp(
            "sending mail is not set up: coffeechat settings set smtp_host smtp.example.com "
            "(and smtp_username, smtp_password, your_email), or use the Settings page"
        )
    security = values["smtp_security"]
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=values["smtp_host"], port=int(values["smtp_port"]),
        username=values["smtp_username"] or None, password=values["smtp_password"] or None,
        use_tls=security == "starttls", use_ssl=security == "ssl", timeout=30,
    )


def send_mail_as_user(owner: Any, *, to: list[str], subject: str, text: str, html: str | None = None,
                      connection: BaseEmailBackend | None = None) -> None:
    """Send one message from the user's address (setting your_email) through their SMTP server."""
    values = all_settings(owner)
    sender = values["your_email"] or values["smtp_username"]
    if not sender or "@" not in sender:
        raise MailNotSetUp("say which address mail comes from: coffeechat settings set your_email you@example.com")
    if values["your_name"]:
        sender = f"{values['your_name']} <{sender}>"
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=sender, to=to,
                                     connection=connection or smtp_connection(owner))
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
