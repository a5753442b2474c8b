"""Career-centre accounts (issue 15 §1-2): invitations, passwords, resets, login limits, devices, roles.

Only in centre mode (``COFFEECHAT_MODE=centre``); the local single-user mode has none of this. The email
address is the identity: ``User.username`` is the lower-cased address (never shown), so single sign-on can
later match on it. Roles live in ``models.centre.Account``. Links (invitations, resets) keep only the
hash of their token, work once and expire. Mail goes through the centre's mail queue
(``services/queue.enqueue_mail``) when there is one, else straight to the centre's SMTP server.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import logging
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from coffeechat.core.errors import NotFound, UserError
from coffeechat.models.centre import Account, Device, Invitation, LoginAttempt, PasswordReset, Role
from coffeechat.services.clock import now

logger = logging.getLogger("coffeechat.centre")

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)
# Rate limits on password logins, counted in the database so every app process shares them.
LOGIN_WINDOW = timedelta(minutes=15)
FAILURES_PER_EMAIL = 5
FAILURES_PER_ADDRESS = 20
DEVICE_TOUCH_EVERY = timedelta(minutes=1)
ROLES = tuple(Role.values)
CSV_COLUMNS = ("email", "name", "role", "cohort")


class CentreError(UserError):
    """Something about a centre account the user can fix; the message says what."""


class NotAllowed(CentreError):
    """The account's role does not allow this (only admins invite, for example)."""


class LinkNotValid(CentreError):
    """An invitation or reset link that is unknown, used or expired: the message says which."""


class LoginRefused(CentreError):
    """Wrong email or password (never saying which)."""


class TooManyAttempts(LoginRefused):
    """Too many failed logins lately for this email or from this address."""


class MailNotSent(CentreError):
    """The invitation is saved but its mail could not be sent (or queued)."""


class CsvNotValid(CentreError):
    """An invitation CSV with bad lines; ``problems`` names each by line number and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("nothing was sent; fix these lines and try again:\n" + "\n".join(problems))


# --- mode, roles ------------------------------------------------------------------------------------


def centre_mode() -> bool:
    """True on a career-centre server (``COFFEECHAT_MODE=centre``), read when called (tests switch it)."""
    return getattr(settings, "COFFEECHAT_MODE", "local") == "centre"


def require_centre_mode() -> None:
    if not centre_mode():
        raise CentreError(
            "these commands are for a career centre server: set COFFEECHAT_MODE=centre and "
            "COFFEECHAT_DATABASE_URL; see docs/deployment.md"
        )


def account_of(user: Any) -> Account | None:
    """The user's centre account (role, cohort, name), or None (anonymous, or the local single user)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_centre_account"):
        user._centre_account = Account.objects.filter(user_id=user.pk).first()
    found: Account | None = user._centre_account
    return found


def role_of(user: Any) -> str | None:
    """"student", "advisor", "admin", "alumnus", or None for a user without a centre account."""
    account = account_of(user)
    return account.role if account is not None and user.is_active else None


def _require_role(user: Any, *roles: str) -> None:
    if role_of(user) not in roles:
        raise NotAllowed(f"only {' or '.join(f'an {r}' if r[0] in 'aeiou' else f'a {r}' for r in roles)} can do this")


# --- small helpers ----------------------------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_email(text: str, *, field: str = "email") -> str:
    """The address, trimmed and lower-cased; a UserError naming ``field`` when it is not an address."""
    email = (text or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise CentreError(f"{field}: {email or '(empty)'} is not an email address") from error
    return email


def _user_by_email(email: str) -> User | None:
    return User.objects.filter(username=email).first()


def _check_role(role: str) -> str:
    value = (role or "").strip().lower() or Role.STUDENT
    if value not in ROLES:
        raise CentreError(f"role: {role!r} is not a role; use one of {', '.join(ROLES)}")
    return value


def _check_password(password: str, *, email: str, name: str = "") -> None:
    """The centre's password rules (settings.CENTRE_PASSWORD_VALIDATORS), whatever the mode's settings say."""
    from django.contrib.auth.password_validation import get_password_validators, validate_password

    rules = cast("list[dict[str, Any]]", settings.CENTRE_PASSWORD_VALIDATORS)
    validators = get_password_validators(rules)
    try:
        validate_password(password, User(username=email, email=email, first_name=name), validators)
    except ValidationError as error:
        raise CentreError("password: " + " ".join(error.messages)) from error


def _base_url(base_url: str | None) -> str:
    return (base_url or settings.COFFEECHAT_PUBLIC_URL).rstrip("/")


def send_centre_mail(to: str, subject: str, body: str) -> None:
    """Hand one message to the centre's mail queue (``services/queue.enqueue_mail``, so a slow SMTP
    server never slows a page); without the queue module, send it now through the centre's SMTP server."""
    try:
        queue = importlib.import_module("coffeechat.services.queue")
    except ImportError:
        queue = None
    if queue is not None and hasattr(queue, "enqueue_mail"):
        queue.enqueue_mail(to, subject, body)
        return
    from django.core.mail import send_mail

    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


Mail = tuple[str, str, str]  # to, subject, body


def _deliver(mails: list[Mail]) -> None:
    """Send (or queue) each mail once the rows its link points to are saved; say which could not go.

    Called after the service's transaction: a file with a bad line, or any failure, sends nothing."""
    failed = []
    for to, subject, body in mails:
        try:
            send_centre_mail(to, subject, body)
        except Exception as error:  # the SMTP server's own words, for the admin
            logger.warning("centre mail to %s not sent: %s", to, error)
            failed.append(f"{to} ({error})")
    if failed:
        raise MailNotSent(
            f"saved, but the mail could not be sent to {', '.join(failed)}. Once the centre's mail works, "
            "invite again: a new invitation replaces the old one."
        )


# --- admins and invitations -------------------------------------------------------------------------


@transaction.atomic
def create_admin(email: str, password: str, name: str = "") -> User:
    """An administrator account (the first one comes from the command line on the server)."""
    email = normalize_email(email)
    if _user_by_email(email) is not None:
        raise CentreError(f"{email} already has an account")
    _check_password(password, email=email, name=name)
    user = User(username=email, email=email)
    user.set_password(password)
    user.save()
    Account.objects.create(user=user, role=Role.ADMIN, display_name=name.strip()[:200])
    return user


def operator_admin() -> User:
    """The admin the server's command line acts as (the oldest active admin)."""
    account = (Account.objects.filter(role=Role.ADMIN, user__is_active=True).select_related("user")
               .order_by("created_at", "id").first())
    if account is None:
        raise CentreError("there is no admin yet: create one first with coffeechat centre admin you@example.edu")
    return account.user


def _invitation_text(invitation: Invitation, link: str, inviter: Any) -> tuple[str, str]:
    account = account_of(inviter)
    who = (account.display_name if account is not None else "") or getattr(inviter, "email", "")
    role = Role(invitation.role).label.lower()
    greeting = f"Hello {invitation.display_name}," if invitation.display_name else "Hello,"
    body = (
        f"{greeting}\n\n"
        f"{who or 'Your career centre'} invites you to the career centre's coffeechat as {role}.\n\n"
        f"Open this link to choose your password (it works once, until "
        f"{invitation.expires_at:%d %B %Y %H:%M} UTC):\n\n{link}\n\n"
        "If you did not expect this, ignore this message: nothing happens without the link.\n"
    )
    return "Your invitation to coffeechat", body


def _new_invitation(inviter: Any, email: str, role: str, cohort: str, name: str, base_url: str | None,
                    mails: list[Mail]) -> tuple[Invitation, str]:
    moment = now()
    # One open invitation per address: a new one retires the older (its link stops working).
    Invitation.objects.filter(email=email, used_at__isnull=True, expires_at__gt=moment).update(expires_at=moment)
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email, role=role, cohort=cohort, display_name=name, token_hash=_digest(token),
        invited_by=inviter, expires_at=moment + INVITATION_LIFETIME,
    )
    link = f"{_base_url(base_url)}/invite/{token}"
    subject, body = _invitation_text(invitation, link, inviter)
    mails.append((email, subject, body))
    return invitation, link


def _invitee_fields(email: str, role: str, cohort: str, name: str) -> tuple[str, str, str, str]:
    email = normalize_email(email)
    role = _check_role(role)
    cohort, name = (cohort or "").strip(), (name or "").strip()
    if len(cohort) > 80:
        raise CentreError("cohort: longer than 80 characters")
    if len(name) > 200:
        raise CentreError("name: longer than 200 characters")
    if _user_by_email(email) is not None:
        raise CentreError(f"email: {email} already has an account")
    return email, role, cohort, name


def invite(inviter: Any, email: str, role: str, cohort: str = "", name: str = "", *,
           base_url: str | None = None) -> tuple[Invitation, str]:
    """Invite ``email`` as ``role`` (admins only): the mail carries a link that works once, for 7 days.
    ``MailNotSent`` when the invitation is saved but its mail could not go."""
    _require_role(inviter, Role.ADMIN)
    mails: list[Mail] = []
    with transaction.atomic():
        email, role, cohort, name = _invitee_fields(email, role, cohort, name)
        made = _new_invitation(inviter, email, role, cohort, name, base_url, mails)
    _deliver(mails)
    return made


def invite_from_csv(inviter: Any, path: str | Path, *, base_url: str | None = None) -> list[tuple[Invitation, str]]:
    """Invite every line of a CSV (columns email, name, role, cohort; role empty means student).

    All or nothing: every bad line is named with its line number and field, and nothing is sent unless
    the whole file is good."""
    _require_role(inviter, Role.ADMIN)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise CentreError(f"cannot read {path}: {error}") from error
    return invite_from_csv_text(inviter, text, base_url=base_url)


def invite_from_csv_text(inviter: Any, text: str, *, base_url: str | None = None
                         ) -> list[tuple[Invitation, str]]:
    """``invite_from_csv`` for the text of the file (the web page's upload)."""
    _require_role(inviter, Role.ADMIN)
    mails: list[Mail] = []
    made = _csv_invitations(inviter, text, base_url, mails)
    _deliver(mails)
    return made


@transaction.atomic
def _csv_invitations(inviter: Any, text: str, base_url: str | None, mails: list[Mail]
                     ) -> list[tuple[Invitation, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "email" not in headers:
        raise CsvNotValid([f"line 1: the first line must name the columns: {', '.join(CSV_COLUMNS)} "
                           "(email is required)"])
    unknown = [h for h in headers if h not in CSV_COLUMNS]
    if unknown:
        raise CsvNotValid([f"line 1: unknown column {', '.join(unknown)}; the columns are {', '.join(CSV_COLUMNS)}"])
    problems: list[str] = []
    rows: list[tuple[str, str, str, str]] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        row = {(k or "").strip().lower(): (v or "").strip() if isinstance(v, str) else "" for k, v in raw.items()}
        if not any(row.values()):
            continue
        try:
            fields = _invitee_fields(row.get("email", ""), row.get("role", ""), row.get("cohort", ""),
                                     row.get("name", ""))
        except CentreError as error:
            problems.append(f"line {line}: {error}")
            continue
        if fields[0] in seen:
            problems.append(f"line {line}: email: {fields[0]} is also on line {seen[fields[0]]}")
            continue
        seen[fields[0]] = line
        rows.append(fields)
    if problems:
        raise CsvNotValid(problems)
    if not rows:
        raise CsvNotValid(["the file has no invitations (one line per person after the column names)"])
    return [_new_invitation(inviter, email, role, cohort, name, base_url, mails) for email, role, cohort, name in rows]


@dataclass(frozen=True)
class InvitationStatus:
    """What an invitation link is, for the page that opens it (nothing is used up by looking)."""

    email: str
    role: str
    display_name: str
    problem: str  # empty when the link can be accepted


def _invitation_problem(invitation: Invitation | None, moment: datetime) -> str:
    if invitation is None:
        return "This invitation link is not valid. Ask your career centre for a new one."
    if invitation.used_at is not None:
        return "This invitation was already used. Log in with your email and password (or reset your password)."
    if invitation.expires_at <= moment:
        return (f"This invitation expired on {invitation.expires_at:%d %B %Y}. "
                "Ask your career centre for a new one.")
    return ""


def invitation_status(token: str) -> InvitationStatus:
    invitation = Invitation.objects.filter(token_hash=_digest(token or "")).first()
    problem = _invitation_problem(invitation, now())
    if invitation is None:
        return InvitationStatus("", "", "", problem)
    return InvitationStatus(invitation.email, invitation.role, invitation.display_name, problem)


@transaction.atomic
def accept(token: str, password: str, name: str = "") -> User:
    """Create the invited account with its password; the link works once."""
    moment = now()
    found = Invitation.objects.filter(token_hash=_digest(token or ""))
    invitation = found.first()
    problem = _invitation_problem(invitation, moment)
    if problem or invitation is None:
        raise LinkNotValid(problem)
    if _user_by_email(invitation.email) is not None:
        raise LinkNotValid(f"{invitation.email} already has an account: log in (or reset your password).")
    name = (name or invitation.display_name).strip()[:200]
    _check_password(password, email=invitation.email, name=name)
    # The conditional UPDATE claims the link: of two simultaneous submissions only one creates the account.
    if found.filter(used_at__isnull=True, expires_at__gt=moment).update(used_at=moment) != 1:
        raise LinkNotValid("This invitation was already used. Log in with your email and password.")
    user = User(username=invitation.email, email=invitation.email, first_name=name[:150])
    user.set_password(password)
    try:
        user.save()
    except IntegrityError as error:
        raise LinkNotValid(f"{invitation.email} already has an account: log in.") from error
    Account.objects.create(user=user, role=invitation.role, cohort=invitation.cohort, display_name=name)
    Invitation.objects.filter(pk=invitation.pk).update(account=user)
    return user


# --- password reset ---------------------------------------------------------------------------------

RESET_ANSWER = ("If that address has an account, a link to choose a new password is on its way "
                "(it works once, within the hour).")


def request_password_reset(email: str, *, base_url: str | None = None) -> str:
    """Mail a reset link (valid 1 hour, single use) if the address has an account. The answer is the same
    whether it has or not (and whether the mail could go or not: a failure is logged), so the form tells no
    one who has an account."""
    address = (email or "").strip().lower()
    user = User.objects.filter(username=address, is_active=True, centre_account__isnull=False).first()
    if user is None:
        return RESET_ANSWER
    token = secrets.token_urlsafe(32)
    moment = now()
    with transaction.atomic():
        PasswordReset.objects.filter(user=user, used_at__isnull=True, expires_at__gt=moment).update(expires_at=moment)
        PasswordReset.objects.create(user=user, token_hash=_digest(token), expires_at=moment + RESET_LIFETIME)
    link = f"{_base_url(base_url)}/password/reset/{token}"
    body = (
        "Hello,\n\nSomeone (we hope you) asked to choose a new password for your coffeechat account.\n\n"
        f"Open this link within the hour (it works once):\n\n{link}\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n"
    )
    try:
        _deliver([(user.email, "Choose a new coffeechat password", body)])
    except MailNotSent:
        pass  # logged by _deliver; saying so would tell who has an account
    return RESET_ANSWER


def _reset_problem(row: PasswordReset | None, moment: datetime) -> str:
    if row is None:
        return "This password link is not valid. Ask for a new one."
    if row.used_at is not None:
        return "This password link was already used. Ask for a new one if you need it."
    if row.expires_at <= moment:
        return "This password link has expired (they last an hour). Ask for a new one."
    return ""


def reset_link_problem(token: str) -> str:
    """Why a reset link cannot be used ("" when it can), for the page that opens it."""
    return _reset_problem(PasswordReset.objects.filter(token_hash=_digest(token or "")).first(), now())


@transaction.atomic
def reset_password(token: str, password: str) -> User:
    """Set a new password with a reset link (once); every session of the account ends."""
    moment = now()
    found = PasswordReset.objects.filter(token_hash=_digest(token or ""))
    row = found.select_related("user").first()
    problem = _reset_problem(row, moment)
    if problem or row is None:
        raise LinkNotValid(problem)
    user = row.user
    _check_password(password, email=user.email, name=user.first_name)
    if found.filter(used_at__isnull=True, expires_at__gt=moment).update(used_at=moment) != 1:
        raise LinkNotValid("This password link was already used. Ask for a new one if you need it.")
    user.set_password(password)
    user.save(update_fields=["password"])
    _end_sessions(Device.objects.filter(user=user))
    return user


# --- logging in -------------------------------------------------------------------------------------


def _minutes_until(moment: datetime, free_at: datetime) -> int:
    return max(1, math.ceil((free_at - moment).total_seconds() / 60))


def _blocked_for(failures: Any, limit: int, moment: datetime) -> int | None:
    """Minutes until fewer than ``limit`` failures remain in the window, or None when not blocked."""
    times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return None
    return _minutes_until(moment, times[limit - 1] + LOGIN_WINDOW)


def login_block(email: str, address: str) -> int | None:
    """Minutes this email or address must wait before trying again, or None."""
    moment = now()
    since = moment - LOGIN_WINDOW
    last_success = (LoginAttempt.objects.filter(email=email, succeeded=True, at__gte=since)
                    .order_by("-at").values_list("at", flat=True).first())
    by_email = LoginAttempt.objects.filter(email=email, succeeded=False, at__gte=last_success or since)
    waits = [_blocked_for(by_email, FAILURES_PER_EMAIL, moment)]
    if address:
        by_address = LoginAttempt.objects.filter(address=address, succeeded=False, at__gte=since)
        waits.append(_blocked_for(by_address, FAILURES_PER_ADDRESS, moment))
    found = [w for w in waits if w is not None]
    return max(found) if found else None


def check_login(email: str, password: str, address: str = "") -> User:
    """The account for this email and password, or ``LoginRefused`` (``TooManyAttempts`` after 5 failures
    for an email, or 20 from an address, within 15 minutes). Each attempt is kept in the database, so every
    app process counts the same attempts."""
    address = (address or "")[:64]
    email = (email or "").strip().lower()[:254]
    wait = login_block(email, address)
    if wait is not None:
        raise TooManyAttempts(f"too many attempts, try again in {wait} minute{'s' if wait != 1 else ''}")
    user = User.objects.filter(username=email, is_active=True, centre_account__isnull=False).first()
    if user is None:
        User().set_password(password)  # the same work as a real check, so timing tells nothing
        ok = False
    else:
        ok = user.check_password(password)
    # Its own small write (not in a transaction): a refused login must still count.
    LoginAttempt.objects.create(email=email, address=address, at=now(), succeeded=ok)
    if not ok or user is None:
        raise LoginRefused("wrong email or password")
    return user


# --- devices (signed-in browsers) -------------------------------------------------------------------


def describe_user_agent(agent: str) -> str:
    """"Firefox on Linux", "Safari on iPhone"…: enough to recognise one's own browser."""
    text = agent or ""
    browser = next((name for key, name in (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                                           ("Chrome/", "Chrome"), ("Chromium/", "Chromium"),
                                           ("Safari/", "Safari")) if key in text), "")
    system = next((name for key, name in (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"),
                                          ("Windows", "Windows"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
                                          ("Linux", "Linux")) if key in text), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or (text[:60] if text else "Unknown browser")


def touch_device(user: Any, session_key: str, user_agent: str, address: str) -> None:
    """Record the signed-in browser holding ``session_key`` (last seen at most once a minute)."""
    if not session_key or not getattr(user, "is_authenticated", False):
        return
    moment = now()
    row = Device.objects.filter(session_key=session_key).first()
    if row is not None and row.user_id != user.pk:
        Device.objects.filter(pk=row.pk).delete()
        row = None
    if row is None:
        try:
            with transaction.atomic():
                Device.objects.create(user=user, session_key=session_key, user_agent=(user_agent or "")[:300],
                                      address=(address or "")[:64], last_seen_at=moment)
        except IntegrityError:  # another process recorded it a moment ago
            return
    elif row.last_seen_at is None or row.last_seen_at <= moment - DEVICE_TOUCH_EVERY:
        Device.objects.filter(pk=row.pk).update(last_seen_at=moment, address=(address or "")[:64])
    else:
        return
    Account.objects.filter(user_id=user.pk).update(last_seen_at=moment)


def forget_device(session_key: str) -> None:
    """The browser logged out: its device row goes (its session is already gone)."""
    if session_key:
        Device.objects.filter(session_key=session_key).delete()


def devices(user: Any) -> list[Device]:
    """The user's signed-in browsers whose session is still alive, most recently seen first; each has
    ``browser`` (a readable name) set."""
    from django.contrib.sessions.models import Session

    rows = list(Device.objects.filter(user_id=user.pk))
    alive = set(Session.objects.filter(session_key__in=[r.session_key for r in rows], expire_date__gt=now())
                .values_list("session_key", flat=True))
    found = [r for r in rows if r.session_key in alive]
    for row in found:
        row.browser = describe_user_agent(row.user_agent)  # type: ignore[attr-defined]
    return found


def _end_sessions(rows: Any) -> int:
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(rows.values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    rows.delete()
    return len(keys)


@transaction.atomic
def end_device(user: Any, device_id: int | str) -> None:
    """Sign a browser out: its Django session is deleted, so its next page asks for the password."""
    try:
        pk = int(device_id)
    except (TypeError, ValueError):
        raise NotFound(f"no device {device_id!r}") from None
    rows = Device.objects.filter(user_id=user.pk, pk=pk)
    if not rows.exists():
        raise NotFound(f"no device {device_id!r}")
    _end_sessions(rows)


# --- accounts (admins) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    user_id: int
    email: str
    name: str
    role: str
    cohort: str
    active: bool
    last_login: datetime | None
    last_seen: datetime | None
    created: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.user_id, "email": self.email, "name": self.name, "role": self.role, "cohort": self.cohort,
            "active": self.active, "last_login": self.last_login.isoformat() if self.last_login else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None, "created": self.created.isoformat(),
        }


def accounts_list(admin: Any, cohort: str | None = None) -> list[AccountRow]:
    """Every centre account (admins only), by role then email; only one cohort when ``cohort`` is given."""
    _require_role(admin, Role.ADMIN)
    query = Account.objects.select_related("user").order_by("role", "user__username")
    if cohort:
        query = query.filter(cohort=cohort)
    return [AccountRow(a.user_id, a.user.email, a.display_name, a.role, a.cohort, a.user.is_active,
                       a.user.last_login, a.last_seen_at, a.created_at) for a in query]


def open_invitations(admin: Any) -> list[Invitation]:
    """Invitations not used and not expired (admins only), newest first."""
    _require_role(admin, Role.ADMIN)
    return list(Invitation.objects.filter(used_at__isnull=True, expires_at__gt=now()))


@transaction.atomic
def set_role(admin: Any, user: Any, role: str) -> Account:
    """Change an account's role (admins only); the last admin cannot stop being one."""
    _require_role(admin, Role.ADMIN)
    role = _check_role(role)
    user_id = user.pk if hasattr(user, "pk") else user
    try:
        user_id = int(user_id)
    except (TypeError, ValueError):
        raise NotFound(f"no account {user!r}") from None
    account = Account.objects.select_for_update().filter(user_id=user_id).first()
    if account is None:
        raise NotFound(f"no account {user_id}")
    if account.role == Role.ADMIN and role != Role.ADMIN:
        others = Account.objects.filter(role=Role.ADMIN, user__is_active=True).exclude(pk=account.pk)
        if not others.exists():
            raise CentreError("this is the last admin: make someone else an admin first")
    Account.objects.filter(pk=account.pk).update(role=role)
    account.role = role
    return account
