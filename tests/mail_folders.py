"""Real mail folders for the tests of the mail faces: a Maildir (inbox with a Maildir++ ``.Sent`` inside, as
offlineimap keeps it) or a pair of mbox files, written with the standard ``mailbox`` module."""

from __future__ import annotations

import mailbox
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

ME = "me@example.com"


@dataclass(frozen=True)
class Mail:
    """One message: who, when, which thread."""

    mail_id: str
    sender: str
    to: str
    at: datetime
    subject: str
    in_reply_to: str = ""
    body: str = "Hello, a message body that the sync must not keep."

    def message(self) -> EmailMessage:
        built = EmailMessage()
        built["From"] = self.sender
        built["To"] = self.to
        built["Date"] = format_datetime(self.at)
        built["Message-ID"] = f"<{self.mail_id}>"
        built["Subject"] = self.subject
        if self.in_reply_to:
            built["In-Reply-To"] = f"<{self.in_reply_to}>"
            built["References"] = f"<{self.in_reply_to}>"
        built.set_content(self.body)
        return built


def make_maildir(root: Path, *, inbox: Sequence[Mail] = (), sent: Sequence[Mail] = ()) -> Path:
    """A Maildir at ``root`` holding ``inbox``, with its sent mail in the Maildir++ subfolder ``.Sent``."""
    box = mailbox.Maildir(root, create=True)
    if "Sent" not in box.list_folders():
        box.add_folder("Sent")
    add_mail(root, inbox=inbox, sent=sent)
    return root


def add_mail(root: Path, *, inbox: Sequence[Mail] = (), sent: Sequence[Mail] = ()) -> None:
    """Deliver more messages into a Maildir made by ``make_maildir``."""
    box = mailbox.Maildir(root, create=False)
    for mail in inbox:
        box.add(mailbox.MaildirMessage(mail.message()))
    sent_box = box.get_folder("Sent")
    for mail in sent:
        sent_box.add(mailbox.MaildirMessage(mail.message()))


def make_mbox(folder: Path, *, inbox: Sequence[Mail] = (), sent: Sequence[Mail] = ()) -> tuple[Path, Path]:
    """Two mbox files, Inbox and Sent, in ``folder``, as Thunderbird keeps them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = folder / "Inbox", folder / "Sent"
    for path, mails in zip(paths, (inbox, sent)):
        box = mailbox.mbox(path, create=True)
        for mail in mails:
            box.add(mailbox.mboxMessage(mail.message()))
        box.flush()
        box.close()
    return paths
