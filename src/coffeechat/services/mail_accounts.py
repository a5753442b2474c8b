"""The user's mail accounts: connect one (IMAP, Maildir or mbox), sync it, and the allowlist of people.

An account is checked before it is stored (an IMAP account needs a host, a user name and a password, and TLS
unless it is on this machine; a Maildir or mbox path must exist and be readable, and the message says which
one is wrong). The IMAP password goes through ``services/secrets.py`` like the SMTP password: the row holds
only a sealed reference. ``sync`` reads the headers (``services/mail_readers.py``) since the last sync, with
two days of overlap (a message is recorded once, by its Message-ID, so reading it again changes nothing),
and records what involves the allowlist (``services/mail_sync.py``). Every failure is stored on the account
(``last_error``, shown by ``mail status`` and the Mail page) and raised: nothing fails silently.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.core.errors import NotFound, UserError
from coffeechat.models import ContactPoint, Person
from coffeechat.models.sync import MailAccount, MailSeen
from coffeechat.services.clock import now
from coffeechat.services.secrets import SecretUnavailable, reveal_secret, seal_secret

if TYPE_CHECKING:
    from coffeechat.services.mail_sync import SyncReport

OVERLAP = timedelta(days=2)
# A first sync reads this far back unless the user asks for more (``mail sync --since``): years of old mail
# would otherwise turn every unanswered message into an overdue follow-up today.
FIRST_SYNC = timedelta(days=30)
DEFAULT_PORTS = {MailAccount.Security.SSL: 993, MailAccount.Security.STARTTLS: 143, MailAccount.Security.NONE: 143}
# Where Maildir++ keeps the sent folder, as mail programs name it (tried in this order when --sent is not given).
SENT_NAMES = ("Sent", "Sent Messages", "Sent Items", "Sent Mail", "[Gmail].Sent Mail", "INBOX.Sent")
LOOPBACK_NAMES = ("localhost", "localhost.localdomain")
NAME_LIMIT = 80
LOG_LIMIT = 50


class MailAccountError(UserError):
    """An account that cannot be stored as given: the message says which field and why.

    ``field`` names it ("host", "username", "password", "inbox", "sent", "port", "security", "name", "kind")."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


class MailSyncFailed(UserError):
    """A sync that could not read an account; the reason is stored on the account too."""


def secret_key(name: str) -> str:
    """Where the account's password is sealed (one per account name)."""
    return f"mail_password:{name}"


def is_loopback(host: str) -> bool:
    """True for this machine only (127.0.0.0/8, ::1, localhost)."""
    text = host.strip().strip("[]").lower()
    if text in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


# -- connect and disconnect ----------------------------------------------------------------------------


def _name(name: str) -> str:
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise MailAccountError("name", "give the account a name, e.g. mail or work")
    if len(cleaned) > NAME_LIMIT:
        raise MailAccountError("name", f"the account name is too long (at most {NAME_LIMIT} characters)")
    return cleaned


def _readable_folder(text: str, what: str, field_name: str) -> Path:
    path = Path(os.path.expanduser(text.strip())).absolute()
    if not path.exists():
        raise MailAccountError(field_name, f"the {what} {path} does not exist")
    if not path.is_dir():
        raise MailAccountError(field_name, f"the {what} {path} is a file, not a Maildir folder")
    if not os.access(path, os.R_OK | os.X_OK):
        raise MailAccountError(field_name, f"the {what} {path} cannot be read (check its permissions)")
    if not all((path / part).is_dir() for part in ("cur", "new")):
        raise MailAccountError(
            field_name, f"the {what} {path} is not a Maildir: it needs the cur/ and new/ folders inside "
            "(point to the folder that holds cur, new and tmp)")
    return path


def _readable_file(text: str, what: str, field_name: str) -> Path:
    if not text.strip():
        raise MailAccountError(field_name, f"give the {what} (an mbox file)")
    path = Path(os.path.expanduser(text.strip())).absolute()
    if not path.exists():
        raise MailAccountError(field_name, f"the {what} {path} does not exist")
    if not path.is_file():
        raise MailAccountError(field_name, f"the {what} {path} is a folder, not an mbox file")
    if not os.access(path, os.R_OK):
        raise MailAccountError(field_name, f"the {what} {path} cannot be read (check its permissions)")
    return path


def _maildir_sent(inbox: Path, sent: str) -> Path:
    """The sent folder: a path, or the name of a Maildir++ subfolder of the inbox (".Sent" or "Sent")."""
    given = sent.strip()
    if given:
        candidates = [Path(os.path.expanduser(given))]
        if not candidates[0].is_absolute():
            candidates = [inbox / f".{given.lstrip('.')}", inbox / given, Path(given).absolute()]
        for candidate in candidates:
            if candidate.is_dir():
                return _readable_folder(str(candidate), "sent folder", "sent")
        raise MailAccountError(
            "sent", f"the sent folder {given!r} was not found (tried {', '.join(str(c) for c in candidates)})")
    for name in SENT_NAMES:
        for candidate in (inbox / f".{name}", inbox.parent / name):
            if candidate.is_dir() and candidate != inbox and all((candidate / p).is_dir() for p in ("cur", "new")):
                return _readable_folder(str(candidate), "sent folder", "sent")
    raise MailAccountError(
        "sent", f"no sent folder found next to or inside {inbox} (looked for {', '.join(SENT_NAMES)}); "
        "say where it is with --sent PATH (or its Maildir++ name, e.g. --sent Sent)")


@dataclass(frozen=True)
class AccountFields:
    """An account as checked, ready to store."""

    kind: str
    host: str = ""
    port: int | None = None
    security: str = MailAccount.Security.SSL
    username: str = ""
    inbox: str = ""
    sent: str = ""


def check_account(*, kind: str, host: str = "", port: int | None = None, security: str = "ssl",
                  username: str = "", password: str = "", inbox: str = "", sent: str = "",
                  password_kept: bool = False) -> AccountFields:
    """The account's fields, checked; raises MailAccountError naming the first wrong one.

    ``password_kept``: an existing account's stored password may be kept when none is given."""
    if kind not in MailAccount.Kind.values:
        raise MailAccountError("kind", f"unknown kind of mail {kind!r}: imap, maildir or mbox")
    if kind == MailAccount.Kind.IMAP:
        host = host.strip()
        if not host:
            raise MailAccountError("host", "give the IMAP server, e.g. imap.gmail.com or outlook.office365.com")
        if any(ch.isspace() for ch in host) or "/" in host:
            raise MailAccountError("host", f"{host!r} is not a server name (e.g. imap.gmail.com)")
        if security not in MailAccount.Security.values:
            raise MailAccountError("security", f"unknown security {security!r}: ssl, starttls or none")
        if security == MailAccount.Security.NONE and not is_loopback(host):
            raise MailAccountError(
                "security", f"TLS is required for {host}: without it your password and mail would cross the network "
                "readable by anyone on the way. Use --security ssl (port 993) or starttls (port 143); "
                "'none' is only for a server on this machine (127.0.0.1)")
        if port is not None and not 0 < port < 65536:
            raise MailAccountError("port", f"port {port} is not a port number (1 to 65535; IMAP uses 993)")
        if not username.strip():
            raise MailAccountError("username", "give the user name of the account (usually your email address)")
        if not password and not password_kept:
            raise MailAccountError(
                "password", "give the password (for Gmail and Outlook an app password, not your usual password)")
        return AccountFields(kind=kind, host=host, port=port or DEFAULT_PORTS[MailAccount.Security(security)],
                             security=security, username=username.strip(), inbox=inbox.strip() or "INBOX",
                             sent=sent.strip())
    if kind == MailAccount.Kind.MAILDIR:
        if not inbox.strip():
            raise MailAccountError("inbox", "give the Maildir folder (the one that holds cur, new and tmp)")
        folder = _readable_folder(inbox, "Maildir folder", "inbox")
        return AccountFields(kind=kind, inbox=str(folder), sent=str(_maildir_sent(folder, sent)))
    inbox_file = _readable_file(inbox, "inbox file", "inbox")
    sent_file = _readable_file(sent, "sent file", "sent")
    return AccountFields(kind=kind, inbox=str(inbox_file), sent=str(sent_file))


def connect(owner: Any, *, kind: str, host: str = "", port: int | None = None, security: str = "ssl",
            username: str = "", password: str = "", inbox: str = "", sent: str = "",
            name: str = "mail") -> MailAccount:
    """Check and store a mail account, replacing the one of the same name (its password is sealed).

    Replacing an IMAP account of the same server and user without a new password keeps the old one.
    Raises MailAccountError naming what is wrong; nothing is stored then."""
    name = _name(name)
    existing = MailAccount.objects.owned_by(owner).filter(name=name).first()
    same_login = (existing is not None and existing.kind == kind == MailAccount.Kind.IMAP
                  and existing.host == host.strip() and existing.username == username.strip() and bool(existing.secret))
    fields = check_account(kind=kind, host=host, port=port, security=security, username=username,
                           password=password, inbox=inbox, sent=sent, password_kept=same_login)
    with transaction.atomic():
        if fields.kind == MailAccount.Kind.IMAP and password:
            secret = seal_secret(owner, secret_key(name), password)
        elif same_login and existing is not None:
            secret = existing.secret
        else:
            secret = seal_secret(owner, secret_key(name), "") if existing is not None and existing.secret else ""
        values = {"kind": fields.kind, "host": fields.host, "port": fields.port, "security": fields.security,
                  "username": fields.username, "inbox": fields.inbox, "sent": fields.sent, "secret": secret,
                  "last_error": ""}
        if existing is None or any(getattr(existing, key) != values[key] for key in ("kind", "host", "inbox", "sent")):
            values["last_synced_at"] = None  # a new place to read: read it from the start
        account, _ = MailAccount.objects.update_or_create(owner=owner, name=name, defaults=values)
    return account


def find_account(owner: Any, name: str) -> MailAccount:
    """The owner's account of that name; NotFound lists the names there are."""
    found = MailAccount.objects.owned_by(owner).filter(name=name.strip()).first()
    if found is None:
        names = list(MailAccount.objects.owned_by(owner).values_list("name", flat=True))
        known = f"your accounts: {', '.join(names)}" if names else "no mail account is connected"
        raise NotFound(f"no mail account named {name!r} ({known})")
    return found


def disconnect(owner: Any, name: str) -> MailAccount:
    """Forget an account and its password. What it recorded stays on the record (the MailSeen rows too)."""
    account = find_account(owner, name)
    with transaction.atomic():
        seal_secret(owner, secret_key(account.name), "")  # out of the keyring too
        MailAccount.objects.owned_by(owner).filter(pk=account.pk).delete()
    return account


def accounts(owner: Any) -> list[MailAccount]:
    """The owner's mail accounts, by name."""
    return list(MailAccount.objects.owned_by(owner).order_by("name", "id"))


def account_as_json(account: MailAccount) -> dict[str, Any]:
    """An account as `mail status --json` prints it (never the password)."""
    return {
        "name": account.name, "kind": account.kind, "host": account.host, "port": account.port,
        "security": account.security if account.kind == MailAccount.Kind.IMAP else "",
        "username": account.username, "inbox": account.inbox, "sent": account.sent,
        "password_stored": bool(account.secret),
        "last_synced_at": account.last_synced_at.isoformat() if account.last_synced_at else None,
        "last_error": account.last_error,
    }


# -- sync ------------------------------------------------------------------------------------------------


def _store_outcome(owner: Any, account: MailAccount, *, error: str, synced_at: Any = None) -> None:
    values: dict[str, Any] = {"last_error": error}
    if synced_at is not None:
        values["last_synced_at"] = synced_at
    with transaction.atomic():
        MailAccount.objects.owned_by(owner).filter(pk=account.pk).update(**values)
    for key, value in values.items():
        setattr(account, key, value)


def _password(owner: Any, account: MailAccount) -> str:
    if account.kind != MailAccount.Kind.IMAP:
        return ""
    try:
        return reveal_secret(owner, secret_key(account.name), account.secret)
    except SecretUnavailable as error:
        raise MailSyncFailed(
            f"the password of {account.name} cannot be read on this computer; connect it again: "
            f"coffeechat mail connect --imap {account.host} --user {account.username} --name {account.name}"
        ) from error


def _sync_one(owner: Any, account: MailAccount, since: datetime | None = None) -> SyncReport:
    from coffeechat.services.mail_readers import fetch_body, read_headers
    from coffeechat.services.mail_sync import record_headers

    started = now()
    if since is None:
        since = account.last_synced_at - OVERLAP if account.last_synced_at else started - FIRST_SYNC
    try:
        password = _password(owner, account)
        read = read_headers(account, password=password, since=since)

        def body(record: Any) -> str:
            return fetch_body(account, password=password, folder=record.folder, mail_id=record.mail_id)

        report = record_headers(owner, read.records, account=account, bodies=body)
    except UserError as error:
        _store_outcome(owner, account, error=str(error))
        raise
    except Exception as error:  # an unexpected failure is stored too, then raised as it is
        _store_outcome(owner, account, error=f"{type(error).__name__}: {error}")
        raise
    report.skipped[:0] = list(read.skipped)
    _store_outcome(owner, account, error="", synced_at=started)
    return report


def sync(owner: Any, name: str | None = None, *, since: datetime | None = None) -> SyncReport:
    """Read and record the named account (every account when no name): one report for them all.

    Reads from ``since`` when given, else from shortly before the last sync, else (a first sync) the last
    30 days (``FIRST_SYNC``).

    An account that cannot be read has its reason stored; the others are still synced, then MailSyncFailed
    names every account that failed (with one account, its own error is raised as it is)."""
    from coffeechat.services.mail_sync import SyncReport

    chosen = [find_account(owner, name)] if name is not None else accounts(owner)
    if not chosen:
        raise NotFound("no mail account is connected yet: coffeechat mail connect --maildir PATH "
                       "(or --imap HOST --user YOU, or --mbox INBOX --sent SENT)")
    if len(chosen) == 1:
        return _sync_one(owner, chosen[0], since)
    total = SyncReport()
    failed: list[str] = []
    for account in chosen:
        try:
            _merge(total, _sync_one(owner, account, since))
        except Exception as error:
            failed.append(f"{account.name}: {error}")
    if failed:
        raise MailSyncFailed("could not read " + "; ".join(failed))
    return total


def _merge(total: SyncReport, part: SyncReport) -> None:
    total.read += part.read
    for kind, count in part.recorded.items():
        total.recorded[kind] = total.recorded.get(kind, 0) + count
    total.already_seen += part.already_seen
    total.not_in_network += part.not_in_network
    total.skipped.extend(part.skipped)
    total.entries.extend(part.entries)


def summary(report: SyncReport) -> str:
    """The sync in one sentence: "read 120 messages: 3 requests, 2 replies recorded; 114 not about anyone..."."""
    words = {"request": ("request", "requests"), "reply": ("reply", "replies"),
             "follow_up": ("follow-up", "follow-ups"), "thank_you": ("thank-you", "thank-yous"),
             "other": ("other message", "other messages")}
    parts = [f"{count} {words.get(kind, (kind, kind))[count != 1]}"
             for kind, count in report.recorded.items() if count]
    said = f"read {report.read} message{'' if report.read == 1 else 's'}: "
    said += (", ".join(parts) + " recorded") if parts else "nothing new recorded"
    if report.already_seen:
        said += f"; {report.already_seen} already recorded before"
    if report.not_in_network:
        said += f"; {report.not_in_network} not about anyone in your network (not stored)"
    if report.skipped:
        said += f"; {len(report.skipped)} skipped"
    return said


def report_as_json(report: SyncReport) -> dict[str, Any]:
    """A sync report as `mail sync --json` prints it."""
    return {"read": report.read, "recorded": dict(report.recorded), "already_seen": report.already_seen,
            "not_in_network": report.not_in_network, "skipped": list(report.skipped),
            "entries": [seen_as_json(entry) if isinstance(entry, MailSeen) else str(entry)
                        for entry in report.entries],
            "summary": summary(report)}


# -- what was recorded, and its correction ------------------------------------------------------------------


def recent_seen(owner: Any, limit: int = LOG_LIMIT) -> list[MailSeen]:
    """The messages recorded from mail, newest first (each about someone in the network)."""
    return list(MailSeen.objects.owned_by(owner).select_related("person", "account").order_by("-at", "-id")[:limit])


def find_seen(owner: Any, reference: str | int) -> MailSeen:
    """A recorded message by its id (as `mail log` shows it, "12" or "#12")."""
    text = str(reference).strip().lstrip("#")
    found = MailSeen.objects.owned_by(owner).filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        raise NotFound(f"no recorded message #{text}: see the ids with coffeechat mail log")
    return found


def correct(owner: Any, seen: MailSeen, kind: str) -> MailSeen:
    """Take a recorded message for another kind (request, reply, follow_up, thank_you, other)."""
    from coffeechat.services.mail_sync import correct_kind

    if kind not in MailSeen.Recorded.values:
        raise UserError(f"unknown kind {kind!r}: {', '.join(MailSeen.Recorded.values)}")
    correct_kind(owner, seen, kind)
    seen.refresh_from_db()
    return seen


def seen_as_json(seen: MailSeen) -> dict[str, Any]:
    """One recorded message as `mail log --json` prints it."""
    return {"id": seen.pk, "at": seen.at.isoformat(), "direction": seen.direction, "recorded": seen.recorded,
            "subject": seen.subject, "mail_id": seen.mail_id,
            "person": {"id": seen.person.pk, "name": seen.person.full_name} if seen.person else None,
            "account": seen.account.name if seen.account else None, "body_kept": bool(seen.body)}


# -- the allowlist -------------------------------------------------------------------------------------------


@dataclass
class AllowEntry:
    """One person with an email address: whether their mail is read, and whether bodies are kept."""

    person: Person
    addresses: list[str] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return bool(self.person.mail_sync)

    @property
    def bodies(self) -> bool:
        return bool(self.person.mail_bodies)


def allowlist(owner: Any) -> list[AllowEntry]:
    """Everyone in the network with an email address, by name, with their two switches."""
    entries: dict[int, AllowEntry] = {}
    points = (ContactPoint.objects.owned_by(owner).filter(kind=ContactPoint.Kind.EMAIL)
              .select_related("person").order_by("person__full_name", "person_id", "id"))
    for point in points:
        entry = entries.setdefault(point.person_id, AllowEntry(point.person))
        address = point.value.strip().lower()
        if address and address not in entry.addresses:
            entry.addresses.append(address)
    return list(entries.values())


def allow_entry_as_json(entry: AllowEntry) -> dict[str, Any]:
    return {"person": {"id": entry.person.pk, "name": entry.person.full_name}, "addresses": entry.addresses,
            "allowed": entry.allowed, "bodies": entry.bodies}


def set_allow(owner: Any, person: Person, on: bool) -> Person:
    """Read (on) or never read (off) mail involving this person. Blocking also stops keeping their bodies
    and wipes the bodies kept so far; what was recorded stays on the record."""
    with transaction.atomic():
        changes: dict[str, Any] = {"mail_sync": on}
        if not on:
            changes["mail_bodies"] = False
            MailSeen.objects.owned_by(owner).filter(person=person).exclude(body="").update(body="")
        Person.objects.owned_by(owner).filter(pk=person.pk).update(**changes)
    person.refresh_from_db()
    return person


def set_bodies(owner: Any, person: Person, on: bool) -> Person:
    """Keep (on) or never keep (off) the text of this person's messages; on also allows their mail, off
    wipes the bodies kept so far."""
    with transaction.atomic():
        changes: dict[str, Any] = {"mail_bodies": on}
        if on:
            changes["mail_sync"] = True
        else:
            MailSeen.objects.owned_by(owner).filter(person=person).exclude(body="").update(body="")
        Person.objects.owned_by(owner).filter(pk=person.pk).update(**changes)
    person.refresh_from_db()
    return person
