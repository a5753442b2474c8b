"""Reading the headers of the user's mail: from a Maildir, an mbox file or an IMAP account.

Only the header block of each message is read (From, To, Cc, Date, Message-ID, In-Reply-To, References,
Subject); a body is fetched only by ``fetch_body``, which the sync calls only for a person whose
``mail_bodies`` is on. Nothing is changed where the mail lives: no file moved, no flag set, nothing marked read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from coffeechat.core.errors import UserError
from coffeechat.formats.mail_headers import HeaderRecord

if TYPE_CHECKING:
    from coffeechat.models.sync import MailAccount


class MailReadError(UserError):
    """The mail could not be read: the message names the account, host or path and what to do."""


@dataclass
class ReadReport:
    """The records read, and one line for each message skipped ("sent folder, message 12: no Date header")."""

    records: list[HeaderRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def read_headers(account: MailAccount, *, password: str = "", since: datetime | None = None) -> ReadReport:
    """The header records of the account's inbox and sent folder (only messages on or after ``since``)."""
    raise NotImplementedError  # filled in next


def fetch_body(account: MailAccount, *, password: str = "", folder: str, mail_id: str) -> str:
    """The text/plain body of one message ("" when it has none); ``folder`` is "inbox" or "sent"."""
    raise NotImplementedError  # filled in next
