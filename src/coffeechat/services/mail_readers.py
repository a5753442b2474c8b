"""Reading the headers of the user's mail: from a Maildir, an mbox file or an IMAP account.

Only the header block of each message is read (From, To, Cc, Date, Message-ID, In-Reply-To, References,
Subject); a body is fetched only by ``fetch_body``, which the sync calls only for a person whose
``mail_bodies`` is on. Nothing is changed where the mail lives: no file is moved or renamed (a Maildir
message in ``new/`` stays there), an mbox file is opened read-only, an IMAP folder is opened with EXAMINE
(read-only) and fetched with ``BODY.PEEK`` only, so no message is marked read.

IMAP needs TLS (``ssl`` or ``starttls``, checked against the system's trusted certificates); ``none`` is
accepted only for a server on this computer (localhost, 127.0.0.0/8, ::1), refused before any connection.
"""

from __future__ import annotations

import email
import email.policy
import functools
import imaplib
import mailbox as mailboxes
import re
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coffeechat.core.errors import UserError
from coffeechat.formats.mail_headers import HEADER_BLOCK_LIMIT, HeaderRecord, header_block, parse_headers

if TYPE_CHECKING:
    from coffeechat.models.sync import MailAccount


class MailReadError(UserError):
    """The mail could not be read: the message names the account, host or path and what to do."""


@dataclass
class ReadReport:
    """The records read (oldest first), and one line for each message or folder skipped
    ("sent folder, message 12: no Date header")."""

    records: list[HeaderRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


TIMEOUT_SECONDS = 20
BODY_LIMIT = 100_000
IMAP_HEADER_ITEM = "BODY.PEEK[HEADER.FIELDS (FROM TO CC DATE MESSAGE-ID IN-REPLY-TO REFERENCES SUBJECT)]"
FETCH_BATCH = 200
# Where a Maildir or an IMAP account usually keeps sent mail, when the user did not say.
SENT_NAMES = ("Sent", "Sent Messages", "Sent Items", "Sent Mail")

_UID = re.compile(rb"UID (\d+)")


def read_headers(account: MailAccount, *, password: str = "", since: datetime | None = None) -> ReadReport:
    """The header records of the account's inbox and sent folder, oldest first.

    ``since``: only messages of that day (in UTC) or later, so the granularity is one day for every kind.
    IMAP asks the server (SEARCH SINCE, which compares the day a message arrived: a message that arrived
    late keeps its place); a Maildir or mbox is filtered by the Date header.
    """
    if account.kind == "maildir":
        report = _read_maildir(account)
    elif account.kind == "mbox":
        report = _read_mbox(account)
    elif account.kind == "imap":
        report = _read_imap(account, password, since)
    else:
        raise MailReadError(f"mail account '{account.name}': unknown kind {account.kind!r} (imap, maildir or mbox)")
    if since is not None and account.kind != "imap":
        first_day = _utc(since).date()
        report.records = [record for record in report.records if record.date.date() >= first_day]
    report.records.sort(key=lambda record: (record.date, record.folder, record.mail_id))
    return report


def fetch_body(account: MailAccount, *, password: str = "", folder: str, mail_id: str) -> str:
    """The text/plain body of one message: "" when it has none or is no longer there.

    ``folder`` is "inbox" or "sent"; ``mail_id`` the Message-ID as in ``HeaderRecord.mail_id``.
    """
    if folder not in ("inbox", "sent"):
        raise ValueError(f"folder must be 'inbox' or 'sent', not {folder!r}")
    if account.kind == "maildir":
        raw = _maildir_message(account, folder, mail_id)
    elif account.kind == "mbox":
        raw = _mbox_message(account, folder, mail_id)
    elif account.kind == "imap":
        raw = _imap_message(account, password, folder, mail_id)
    else:
        raise MailReadError(f"mail account '{account.name}': unknown kind {account.kind!r} (imap, maildir or mbox)")
    return _plain_text(raw) if raw is not None else ""


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _plain_text(raw: bytes) -> str:
    try:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain",))
        if part is None:
            return ""
        content = part.get_content()
    except Exception:  # a body that cannot be decoded is not kept
        return ""
    return content[:BODY_LIMIT] if isinstance(content, str) else ""


def _is_wanted(raw: bytes, mail_id: str) -> bool:
    record = parse_headers(raw, "inbox")
    return isinstance(record, HeaderRecord) and record.mail_id == mail_id


def _collect(report: ReadReport, folder: str, blocks: Iterator[tuple[str, bytes]]) -> None:
    for label, raw in blocks:
        record = parse_headers(raw, folder)
        if isinstance(record, HeaderRecord):
            report.records.append(record)
        else:
            report.skipped.append(f"{folder} folder, {label}: {record}")


# --- Maildir ----------------------------------------------------------------------------------------------


def _is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def _maildir_folders(account: MailAccount) -> tuple[Path, Path | None, str]:
    """The inbox and sent Maildir folders, and why the sent folder is missing ("" when it is there)."""
    if not account.inbox.strip():
        raise MailReadError(
            f"mail account '{account.name}': no Maildir folder given; "
            "connect it again with the folder your mail program keeps (it has cur/ and new/ inside)"
        )
    inbox = Path(account.inbox.strip()).expanduser()
    if not _is_maildir(inbox):
        what = "does not exist" if not inbox.exists() else "is not a Maildir folder (no cur/ and new/ inside)"
        raise MailReadError(
            f"mail account '{account.name}': {inbox} {what}; give the Maildir folder your mail program "
            "(mbsync, offlineimap, Thunderbird) keeps"
        )
    wanted = account.sent.strip()
    if wanted:
        given = Path(wanted).expanduser()
        candidates = [given] if given.is_absolute() else [given, inbox / wanted, inbox / ("." + wanted.lstrip("."))]
        for candidate in candidates:
            if _is_maildir(candidate):
                return inbox, candidate, ""
        raise MailReadError(
            f"mail account '{account.name}': the sent folder '{wanted}' is not a Maildir folder "
            f"(looked at {', '.join(str(candidate) for candidate in candidates)}); give its path, "
            f"or the name of a subfolder of {inbox} such as Sent"
        )
    for name in SENT_NAMES:
        for candidate in (inbox / ("." + name), inbox / name):
            if _is_maildir(candidate):
                return inbox, candidate, ""
    return inbox, None, f"sent folder: none found in {inbox} (looked for .Sent and similar); give it when connecting"


def _maildir_files(path: Path) -> list[tuple[str, Callable[[], Any]]]:
    """The messages of a Maildir folder (new/ and cur/; the standard ``mailbox.Maildir`` lists them, and
    opens each for reading only), by file name: a label and how to open it."""
    try:
        folder = mailboxes.Maildir(path, factory=None, create=False)
        keys = sorted(folder.iterkeys())
    except OSError as error:
        raise MailReadError(f"cannot read the Maildir folder {path}: {error.strerror or error}") from error
    return [(key, functools.partial(folder.get_file, key)) for key in keys]


def _read_head(opener: Callable[[], Any]) -> bytes:
    """A message file's header block: read a chunk at a time until the first blank line (the body is not read)."""
    head = b""
    with opener() as handle:
        while len(head) < HEADER_BLOCK_LIMIT:
            chunk = handle.read(8192)
            if not chunk:
                break
            head += chunk
            if b"\n\n" in head or b"\n\r\n" in head or head.startswith((b"\n", b"\r\n")):
                break
    return header_block(head)


def _maildir_blocks(path: Path, skipped: list[str], folder: str) -> Iterator[tuple[str, bytes]]:
    for number, (label, opener) in enumerate(_maildir_files(path), start=1):
        try:
            yield f"message {number} ({label})", _read_head(opener)
        except (OSError, KeyError) as error:  # moved or deleted by the mail program meanwhile, or unreadable
            reason = getattr(error, "strerror", None) or "gone"
            skipped.append(f"{folder} folder, message {number} ({label}): cannot be read ({reason})")


def _read_maildir(account: MailAccount) -> ReadReport:
    inbox, sent, missing = _maildir_folders(account)
    report = ReadReport()
    _collect(report, "inbox", _maildir_blocks(inbox, report.skipped, "inbox"))
    if sent is not None:
        _collect(report, "sent", _maildir_blocks(sent, report.skipped, "sent"))
    else:
        report.skipped.append(missing)
    return report


def _maildir_message(account: MailAccount, folder: str, mail_id: str) -> bytes | None:
    inbox, sent, _missing = _maildir_folders(account)
    path = inbox if folder == "inbox" else sent
    if path is None:
        return None
    for _label, opener in _maildir_files(path):
        try:
            if _is_wanted(_read_head(opener), mail_id):
                with opener() as handle:
                    return bytes(handle.read())
        except (OSError, KeyError):
            continue
    return None


# --- mbox -------------------------------------------------------------------------------------------------


def _mbox_path(account: MailAccount, folder: str) -> Path | None:
    value = (account.inbox if folder == "inbox" else account.sent).strip()
    if not value:
        if folder == "inbox":
            raise MailReadError(f"mail account '{account.name}': no mbox file given for the inbox")
        return None
    path = Path(value).expanduser()
    if not path.is_file():
        what = "does not exist" if not path.exists() else "is not a file"
        raise MailReadError(
            f"mail account '{account.name}': the {folder} mbox file {path} {what}; give the mbox file your "
            "mail program keeps (Thunderbird: the file without an extension next to the .msf file)"
        )
    return path


def _mbox_entries(path: Path, *, whole: bool) -> Iterator[bytes]:
    """Each message of an mbox file: its header block, or (``whole``) all of it. The file is only read.

    (The standard ``mailbox.mbox`` opens the file for writing when it can; this reader never does.)
    """
    current: list[bytes] | None = None
    size = 0
    in_headers = False
    previous_blank = True
    try:
        with open(path, "rb") as handle:
            for line in handle:
                if line.startswith(b"From ") and previous_blank:
                    if current is not None:
                        yield b"".join(current)
                    current, size, in_headers = [], 0, True
                    previous_blank = False
                    continue
                previous_blank = line in (b"\n", b"\r\n")
                if current is None:
                    continue
                if in_headers and previous_blank:
                    in_headers = False
                if (in_headers or whole) and size < (BODY_LIMIT * 50 if whole else HEADER_BLOCK_LIMIT):
                    current.append(line)
                    size += len(line)
    except OSError as error:
        raise MailReadError(f"cannot read the mbox file {path}: {error.strerror or error}") from error
    if current is not None:
        yield b"".join(current)


def _read_mbox(account: MailAccount) -> ReadReport:
    report = ReadReport()
    for folder in ("inbox", "sent"):
        path = _mbox_path(account, folder)
        if path is None:
            report.skipped.append("sent folder: no mbox file given for sent mail; give it when connecting")
            continue
        blocks = ((f"message {number}", raw) for number, raw in enumerate(_mbox_entries(path, whole=False), 1))
        _collect(report, folder, blocks)
    return report


def _mbox_message(account: MailAccount, folder: str, mail_id: str) -> bytes | None:
    path = _mbox_path(account, folder)
    if path is None:
        return None
    for raw in _mbox_entries(path, whole=True):
        if _is_wanted(raw, mail_id):
            return raw
    return None


# --- IMAP -------------------------------------------------------------------------------------------------


def _imap_where(account: MailAccount) -> str:
    return f"the IMAP server {account.host}" + (f":{account.port}" if account.port else "")


def _imap_refusal(account: MailAccount) -> str | None:
    """Why the account may not be connected to at all (decided from its settings alone), or None."""
    from coffeechat.services.mail import is_loopback_host

    if not account.host.strip():
        return f"mail account '{account.name}': no IMAP host given; connect it again with the server's name"
    if account.security == "none" and not is_loopback_host(account.host):
        return (
            f"mail account '{account.name}': not connecting to {account.host.strip()} without encryption: your "
            "password and mail would cross the network in clear. Use security ssl (port 993) or starttls "
            "(port 143); none is only for a server on this computer (localhost, 127.0.0.1, ::1)."
        )
    if account.security not in ("ssl", "starttls", "none"):
        return f"mail account '{account.name}': unknown security {account.security!r} (ssl, starttls or none)"
    return None


def _imap_failure(account: MailAccount, error: BaseException) -> MailReadError:
    """A clear message for whatever went wrong talking to the server."""
    from imap_tools.errors import MailboxLoginError

    where = _imap_where(account)
    name = f"mail account '{account.name}'"
    if isinstance(error, MailboxLoginError):
        return MailReadError(
            f"{name}: {where} refused the login of '{account.username}': wrong user name or password. "
            "Gmail and Outlook need an app password (made in the account's security settings), not your usual one."
        )
    if isinstance(error, ssl.SSLCertVerificationError):
        return MailReadError(
            f"{name}: the TLS certificate of {where} could not be verified ({error.verify_message}); "
            "check the host name (it must be the name on the certificate)"
        )
    if isinstance(error, ssl.SSLError):
        return MailReadError(
            f"{name}: TLS failed with {where} ({error.reason or error}); check the security setting matches the "
            "port (ssl: 993, starttls: 143)"
        )
    if isinstance(error, (TimeoutError, socket.timeout)):
        return MailReadError(f"{name}: {where} did not answer within {TIMEOUT_SECONDS} seconds; try again later")
    if isinstance(error, socket.gaierror):
        return MailReadError(f"{name}: the host name {account.host} could not be found; check its spelling")
    if isinstance(error, ConnectionRefusedError):
        return MailReadError(f"{name}: {where} refused the connection; check the host name and the port")
    if isinstance(error, OSError):
        return MailReadError(f"{name}: could not talk to {where} ({error.strerror or error}); try again later")
    return MailReadError(f"{name}: {where} answered with an error ({_one_line(str(error))})")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def _imap_session(account: MailAccount, password: str, work: Callable[[Any], Any]) -> Any:
    """Connect (TLS checked against the system's trusted certificates), log in, run ``work(mailbox)``, log out."""
    from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted

    refusal = _imap_refusal(account)
    if refusal is not None:
        raise MailReadError(refusal)
    host = account.host.strip()
    try:
        if account.security == "ssl":
            mailbox: Any = MailBox(
                host, account.port or 993, timeout=TIMEOUT_SECONDS, ssl_context=ssl.create_default_context()
            )
        elif account.security == "starttls":
            mailbox = MailBoxStartTls(
                host, account.port or 143, timeout=TIMEOUT_SECONDS, ssl_context=ssl.create_default_context()
            )
        else:
            mailbox = MailBoxUnencrypted(host, account.port or 143, timeout=TIMEOUT_SECONDS)
    except MailReadError:
        raise
    except Exception as error:  # every connection failure becomes one clear line
        raise _imap_failure(account, error) from error
    try:
        mailbox.login(account.username, password, initial_folder=None)
        return work(mailbox)
    except MailReadError:
        raise
    except Exception as error:
        raise _imap_failure(account, error) from error
    finally:
        try:
            mailbox.logout()
        except Exception:  # the connection may already be gone; nothing left to do
            pass


def _imap_folders(account: MailAccount, mailbox: Any) -> tuple[str, str | None, str]:
    """The inbox and sent folder names, and why the sent folder is missing ("" when it is there)."""
    folders = mailbox.folder.list()
    names = [info.name for info in folders]
    inbox = account.inbox.strip() or "INBOX"
    if inbox.upper() != "INBOX" and inbox not in names:
        raise _missing_folder(account, inbox, names)
    wanted = account.sent.strip()
    if wanted:
        if wanted not in names:
            raise _missing_folder(account, wanted, names)
        return inbox, wanted, ""
    for info in folders:
        if any(flag.lower() == "\\sent" for flag in info.flags):
            return inbox, info.name, ""
    for name in SENT_NAMES:
        if name in names:
            return inbox, name, ""
    return inbox, None, f"sent folder: {_imap_where(account)} has no folder marked as sent; give it when connecting"


def _missing_folder(account: MailAccount, folder: str, names: list[str]) -> MailReadError:
    shown = ", ".join(names[:20]) or "none"
    return MailReadError(
        f"mail account '{account.name}': {_imap_where(account)} has no folder '{folder}' (its folders: {shown}); "
        "connect again with one of these"
    )


def _examine(mailbox: Any, folder: str) -> None:
    """Open a folder read-only (EXAMINE): nothing in it can be changed, no flag set."""
    mailbox.folder.set(folder, readonly=True)


def _uid_command(mailbox: Any, *args: str) -> list[Any]:
    kind, data = mailbox.client.uid(*args)
    if kind != "OK":
        raise imaplib.IMAP4.error(f"UID {args[0]} failed: {data!r}")
    return list(data)


def _imap_since(since: datetime | None) -> list[str]:
    if since is None:
        return ["ALL"]
    day = _utc(since).date()
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return ["SINCE", f"{day.day:02d}-{months[day.month - 1]}-{day.year}"]


def _imap_blocks(mailbox: Any, folder_name: str, since: datetime | None) -> Iterator[tuple[str, bytes]]:
    _examine(mailbox, folder_name)
    found = _uid_command(mailbox, "SEARCH", *_imap_since(since))
    uids = sorted({int(uid) for line in found if line for uid in line.split()})
    for start in range(0, len(uids), FETCH_BATCH):
        batch = ",".join(str(uid) for uid in uids[start : start + FETCH_BATCH])
        blocks: dict[int, bytes] = {}
        for item in _uid_command(mailbox, "FETCH", batch, f"(UID {IMAP_HEADER_ITEM})"):
            if isinstance(item, tuple) and len(item) >= 2:
                number = _UID.search(item[0])
                if number is not None:
                    blocks[int(number.group(1))] = bytes(item[1])
        for uid in sorted(blocks):
            yield f"message UID {uid}", blocks[uid]


def _read_imap(account: MailAccount, password: str, since: datetime | None) -> ReadReport:
    def work(mailbox: Any) -> ReadReport:
        inbox, sent, missing = _imap_folders(account, mailbox)
        report = ReadReport()
        _collect(report, "inbox", _imap_blocks(mailbox, inbox, since))
        if sent is not None:
            _collect(report, "sent", _imap_blocks(mailbox, sent, since))
        else:
            report.skipped.append(missing)
        return report

    result: ReadReport = _imap_session(account, password, work)
    return result


def _imap_message(account: MailAccount, password: str, folder: str, mail_id: str) -> bytes | None:
    def work(mailbox: Any) -> bytes | None:
        inbox, sent, _missing = _imap_folders(account, mailbox)
        name = inbox if folder == "inbox" else sent
        if name is None:
            return None
        _examine(mailbox, name)
        quoted = '"' + mail_id.replace("\\", "\\\\").replace('"', '\\"') + '"'
        found = _uid_command(mailbox, "SEARCH", "HEADER", "Message-ID", quoted)
        for uid in sorted({int(uid) for line in found if line for uid in line.split()}):
            for item in _uid_command(mailbox, "FETCH", str(uid), "(BODY.PEEK[])"):
                if isinstance(item, tuple) and len(item) >= 2 and _is_wanted(bytes(item[1]), mail_id):
                    return bytes(item[1])
        return None

    result: bytes | None = _imap_session(account, password, work)
    return result


