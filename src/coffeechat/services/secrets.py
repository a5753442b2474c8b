"""Secret settings (the SMTP password) kept out of the database in clear.

The setting's database row holds only a sealed reference, never the password:

- ``coffeechat-sealed:keyring`` — the password is in the operating system's keyring (macOS Keychain,
  Windows Credential Locker, the Secret Service of GNOME or KDE), under the service ``coffeechat`` and an
  account naming the setting, the owner and where the data lives;
- ``coffeechat-sealed:fernet:<token>`` — when no keyring is usable, the password encrypted (Fernet, from
  the ``cryptography`` package) with a key kept in ``<home>/secrets.key``, a file only the user can read.

A copy of the database alone (a synced folder, a backup of the file) therefore never reveals the password.
``COFFEECHAT_SECRETS=file`` skips the keyring (``PYTHON_KEYRING_BACKEND`` is honoured too). A password
stored in clear by an earlier version is sealed on first use: ``seal_clear_secrets()`` runs when the
database is opened, and ``reveal_secret()`` seals any clear value it meets.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.db import transaction

from coffeechat.models import UserSetting

SEALED_PREFIX = "coffeechat-sealed:"
KEYRING_MARK = f"{SEALED_PREFIX}keyring"
FERNET_PREFIX = f"{SEALED_PREFIX}fernet:"
KEY_FILENAME = "secrets.key"
KEYRING_SERVICE = "coffeechat"
SECRETS_ENV = "COFFEECHAT_SECRETS"


class SecretUnavailable(RuntimeError):
    """A sealed secret cannot be read on this computer (keyring entry gone, key file replaced)."""


def secret_keys() -> list[str]:
    """The settings that are secrets (their values never leave this machine in clear)."""
    from coffeechat.services.preference_specs import SPECS

    return [key for key, spec in SPECS.items() if spec.secret]


def is_sealed(stored: str) -> bool:
    """True when a stored value is a sealed reference rather than a clear secret."""
    return stored.startswith(SEALED_PREFIX)


def usable_keyring() -> Any | None:
    """The operating system's keyring, or None when there is none that keeps secrets safely.

    Refused: the "fail" and "null" backends (no keyring), and the file-based ones of ``keyrings.alt``
    (they are not the operating system's keyring; the encrypted key file does that job here).
    """
    if os.environ.get(SECRETS_ENV, "").strip().lower() == "file":
        return None
    try:
        import keyring

        backend = keyring.get_keyring()
        priority = float(getattr(backend, "priority", 0) or 0)
    except Exception:  # a broken keyring setup means "no keyring", never a crash
        return None
    module = type(backend).__module__
    if priority <= 0 or module.startswith(("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")):
        return None
    if module.startswith("keyring.backends.chainer") and not getattr(backend, "backends", None):
        return None
    return backend


def _account(owner: Any, key: str) -> str:
    from coffeechat.home import describe_storage

    return f"{key} of owner {owner.pk} in {describe_storage()}"


def key_file() -> Path:
    """Where the encryption key for secrets lives when there is no keyring: ``<home>/secrets.key`` (0600)."""
    from coffeechat.home import home_folder

    return home_folder() / KEY_FILENAME


def _fernet(*, create: bool) -> Any | None:
    from cryptography.fernet import Fernet

    path = key_file()
    if create and not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as out:
                out.write(Fernet.generate_key())
    try:
        return Fernet(path.read_bytes().strip())
    except (OSError, ValueError):
        return None


def _forget_in_keyring(owner: Any, key: str) -> None:
    backend = usable_keyring()
    if backend is None:
        return
    try:
        backend.delete_password(KEYRING_SERVICE, _account(owner, key))
    except Exception:  # nothing to delete, or the keyring is locked: nothing to undo
        pass


def seal_secret(owner: Any, key: str, clear: str) -> str:
    """Put ``clear`` somewhere safe and return what the database row should hold instead ("" clears it)."""
    if not clear:
        _forget_in_keyring(owner, key)
        return ""
    backend = usable_keyring()
    if backend is not None:
        try:
            backend.set_password(KEYRING_SERVICE, _account(owner, key), clear)
        except Exception:  # a locked or refusing keyring: fall back to the key file
            pass
        else:
            return KEYRING_MARK
    fernet = _fernet(create=True)
    if fernet is None:
        raise SecretUnavailable(f"cannot keep the {key} safely: {key_file()} cannot be read or written")
    return FERNET_PREFIX + fernet.encrypt(clear.encode("utf-8")).decode("ascii")


def where_sealed(stored: str) -> str:
    """Where a sealed value keeps its secret, in words."""
    if stored == KEYRING_MARK:
        return "your system keyring"
    return f"encrypted form in the database (the key is in {key_file()}, readable by you alone)"


def reveal_secret(owner: Any, key: str, stored: str) -> str:
    """The clear secret behind a stored value; a clear value from an older version is sealed on the way.

    Raises SecretUnavailable when a sealed value cannot be opened on this computer.
    """
    if not stored:
        return ""
    set_again = f"set it again: coffeechat settings set {key} (or on the Settings page)"
    if stored == KEYRING_MARK:
        backend = usable_keyring()
        value = None
        if backend is not None:
            try:
                value = backend.get_password(KEYRING_SERVICE, _account(owner, key))
            except Exception:  # a locked keyring reads as missing
                value = None
        if value is None:
            raise SecretUnavailable(f"your {key} is not in this computer's keyring; {set_again}")
        return str(value)
    if stored.startswith(FERNET_PREFIX):
        from cryptography.fernet import InvalidToken

        fernet = _fernet(create=False)
        try:
            if fernet is None:
                raise InvalidToken
            return fernet.decrypt(stored[len(FERNET_PREFIX):].encode("ascii")).decode("utf-8")
        except (InvalidToken, ValueError) as error:
            raise SecretUnavailable(
                f"your {key} was encrypted with a key that is not in {key_file()} (was the database copied "
                f"from another computer?); {set_again}"
            ) from error
    # Clear text from an earlier version: seal it now, then use it.
    with transaction.atomic():
        UserSetting.objects.owned_by(owner).filter(key=key, value=stored).update(value=seal_secret(owner, key, stored))
    return stored


def seal_clear_secrets() -> list[str]:
    """Seal every secret setting still stored in clear (any owner); one sentence per secret moved.

    A maintenance pass like a migration, run whenever the database is opened; one query when there is
    nothing to do.
    """
    keys = secret_keys()
    rows = list(
        UserSetting.objects.filter(key__in=keys).exclude(value="").exclude(value__startswith=SEALED_PREFIX)
        .select_related("owner")
    )
    said: list[str] = []
    with transaction.atomic():
        for row in rows:
            sealed = seal_secret(row.owner, row.key, row.value)
            UserSetting.objects.filter(pk=row.pk, value=row.value).update(value=sealed)
            said.append(f"moved the {row.key} out of the database in clear, into {where_sealed(sealed)}")
    if said:
        _scrub_sqlite()
    return said


def _scrub_sqlite() -> None:
    """Rewrite a SQLite file so the replaced clear text is not left behind in free space or the WAL."""
    from django.db import connection

    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
