"""Sending mail through the user's own SMTP server (their settings), with Django's mail machinery.

The password never crosses a network in clear: with ``smtp_security none`` it is sent only to this computer
(localhost, 127.0.0.0/8, ::1). ``clear_auth_refusal`` decides that from the settings alone, before any
connection is opened.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from coffeechat.services.preferences import all_settings


class MailNotSetUp(RuntimeError):
    """The user has not told coffeechat how to send mail yet (or not in a way it can use)."""


class MailRefused(MailNotSetUp):
    """The settings would send the password unencrypted over a network: nothing is sent."""


def is_loopback_host(host: str) -> bool:
    """True for names that can only mean this computer: localhost, 127.0.0.0/8, ::1 (no name is looked up)."""
    name = host.strip().lower().rstrip(".").removeprefix("[").removesuffix("]")
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def clear_auth_refusal(host: str, security: str, password: str) -> str | None:
    """Why sending would be refused, or None: a password over an unencrypted connection to another machine."""
    if security != "none" or not password or is_loopback_host(host):
        return None
    return (
        f"not sending: smtp_security is none, so your mail password would cross the network to {host.strip()} "
        "unencrypted. Use an encrypted connection: coffeechat settings set smtp_security starttls (port 587) "
        "or ssl (port 465). An unencrypted connection is used only for a server on this computer "
        "(localhost, 127.0.0.1, ::1)."
    )


def smtp_connection(owner: Any) -> BaseEmailBackend:
    """An SMTP connection from the user's settings; the password never leaves this function."""
    values = all_settings(owner)
    if not values["smtp_host"]:
        raise MailNotSetUp(
            "sending mail is not set up: coffeechat settings set smtp_host smtp.example.com "
            "(and smtp_username, smtp_password, your_email), or use the Settings page"
        )
    from coffeechat.services.secrets import SecretUnavailable, reveal_secret

    security = values["smtp_security"]
    try:
        password = reveal_secret(owner, "smtp_password", values["smtp_password"])
    except SecretUnavailable as error:
        raise MailNotSetUp(str(error)) from error
    refusal = clear_auth_refusal(values["smtp_host"], security, password)
    if refusal:
        raise MailRefused(refusal)
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=values["smtp_host"], port=int(values["smtp_port"]),
        username=values["smtp_username"] or None, password=password or None,
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
