"""A real IMAP server for tests: Dovecot (Debian's dovecot-imapd) on 127.0.0.1, with a test user and a Maildir.

``dovecot`` starts ``dovecot -F -c <its own config>`` as a subprocess, on two free ports of 127.0.0.1: IMAPS
(TLS from the start) and plain IMAP (which offers STARTTLS), with a certificate signed by a test CA made here
with ``cryptography``. The CA is written to a file and ``SSL_CERT_FILE`` points at it for the test, so the
code under test checks the certificate against "the system's trusted certificates" as it would for Gmail.

Messages are delivered by writing files straight into the user's Maildir (``deliver``). Also here: the mail
fixture messages (tests/fixtures/mail), an mbox writer, and ``RecordingProxy``, a TCP relay on 127.0.0.1 that
keeps every byte the client sent, to check what was asked of the server.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import ipaddress
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from conftest import skip_or_fail
from smtp_inbox import free_port

DOVECOT = "/usr/sbin/dovecot"
FIXTURES = Path(__file__).parent / "fixtures" / "mail"
USER, PASSWORD = "tester", "test-app-password"
# The mailbox the test Dovecot marks \Sent: not one of the usual names, so finding it proves the flag was read.
SENT_FOLDER = "Gesendet"


def fixture_messages(folder: str) -> dict[str, bytes]:
    """The fixture messages of tests/fixtures/mail/<folder> ("inbox" or "sent"), by file name, in order."""
    return {path.name: path.read_bytes() for path in sorted((FIXTURES / folder).glob("*.eml"))}


def message_date(raw: bytes) -> float | None:
    """The POSIX time of a message's Date header, if it has a readable one."""
    for line in raw.split(b"\n"):
        if not line.strip():
            return None
        if line.lower().startswith(b"date:"):
            try:
                return email.utils.parsedate_to_datetime(line[5:].decode().strip()).timestamp()
            except (TypeError, ValueError):
                return None
    return None


_counter = iter(range(1, 1_000_000))


def deliver(folder: Path, raw: bytes, *, seen: bool = False, owner: tuple[int, int] | None = None) -> Path:
    """Write a message into a Maildir folder: new/ when unread, cur/ with the S flag when seen.

    The file's time is the message's Date (Dovecot takes a Maildir file's time as the arrival date, which is
    what IMAP SEARCH SINCE compares). ``owner``: (uid, gid) the files must belong to.
    """
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        if owner:
            os.chown(folder / sub, *owner)
    if owner:
        os.chown(folder, *owner)
    base = f"{int(time.time())}.M{next(_counter)}P{os.getpid()}.test"
    path = folder / "cur" / f"{base}:2,S" if seen else folder / "new" / base
    path.write_bytes(raw)
    when = message_date(raw)
    if when is not None:
        os.utime(path, (when, when))
    if owner:
        os.chown(path, *owner)
    return path


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    """An mbox file (mboxrd: body lines starting with "From " are quoted) holding the messages in order."""
    with open(path, "wb") as handle:
        for raw in messages:
            handle.write(b"From MAILER-DAEMON Thu Jan  1 00:00:00 2026\n")
            for line in raw.replace(b"\r\n", b"\n").split(b"\n"):
                if line.lstrip(b">").startswith(b"From "):
                    line = b">" + line
                handle.write(line + b"\n")
            handle.write(b"\n")
    return path


def make_certificates(directory: Path) -> tuple[Path, Path, Path]:
    """A test CA and a server certificate it signed for 127.0.0.1 / localhost: (ca.pem, cert.pem, key.pem)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "coffeechat test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = directory / "ca.pem", directory / "cert.pem", directory / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    key_file.chmod(0o600)
    return ca_file, cert_file, key_file


@dataclass
class Dovecot:
    """A running test Dovecot: where it listens, the test user, and the user's Maildir."""

    host: str
    imap_port: int  # plain IMAP, with STARTTLS offered
    imaps_port: int  # TLS from the start
    user: str
    password: str
    maildir: Path  # the user's Maildir++ root (the INBOX); the sent folder is maildir / ".Gesendet"
    ca_file: Path
    log_file: Path
    mail_owner: tuple[int, int] | None = None
    delivered: list[Path] = field(default_factory=list)

    @property
    def sent_maildir(self) -> Path:
        return self.maildir / f".{SENT_FOLDER}"

    def deliver(self, raw: bytes, *, folder: str = "inbox", seen: bool = False) -> Path:
        """Put a message into the user's INBOX or sent folder (``folder``: "inbox" or "sent")."""
        target = self.maildir if folder == "inbox" else self.sent_maildir
        path = deliver(target, raw, seen=seen, owner=self.mail_owner)
        self.delivered.append(path)
        return path

    def deliver_fixtures(self) -> None:
        """Every fixture message into its folder, unread."""
        for folder in ("inbox", "sent"):
            for raw in fixture_messages(folder).values():
                self.deliver(raw, folder=folder)


def _config(base: Path, certificate: Path, key: Path, imap_port: int, imaps_port: int,
            login_user: str, internal_user: str, mail_uid: int, mail_gid: int) -> str:
    return f"""
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{certificate}
ssl_key = <{key}
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = {min(mail_uid, 500)}
first_valid_gid = 0
auth_mechanisms = plain login
disable_plaintext_auth = no
mail_location = maildir:{base}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {base}/passwd
}}
userdb {{
  driver = passwd-file
  args = {base}/passwd
  default_fields = uid={mail_uid} gid={mail_gid} home={base}/home/%u
}}
namespace inbox {{
  inbox = yes
  separator = .
  mailbox {SENT_FOLDER} {{
    special_use = \\Sent
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(name="dovecot")
def dovecot_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dovecot]:
    """A running Dovecot with the test user and an empty Maildir; SSL_CERT_FILE trusts its CA. Stopped after."""
    if not os.path.exists(DOVECOT):
        skip_or_fail(f"Dovecot is not installed ({DOVECOT}); on Debian/Ubuntu: apt-get install dovecot-imapd")
    if os.geteuid() == 0:
        # Dovecot runs no login process as root and gives no mail to uid 0: its own users and "nobody".
        try:
            login_user, internal_user = pwd.getpwnam("dovenull").pw_name, pwd.getpwnam("dovecot").pw_name
            nobody = pwd.getpwnam("nobody")
        except KeyError:
            skip_or_fail("Dovecot's users dovenull and dovecot are missing (install dovecot-core)")
            raise
        mail_uid, mail_gid = nobody.pw_uid, nobody.pw_gid
        mail_owner: tuple[int, int] | None = (mail_uid, mail_gid)
    else:
        login_user = internal_user = pwd.getpwuid(os.getuid()).pw_name
        mail_uid, mail_gid, mail_owner = os.getuid(), os.getgid(), None
    # Not under pytest's tmp_path: Dovecot's own users must be able to reach the directory, and its socket
    # paths must stay short.
    base = Path(tempfile.mkdtemp(prefix="cc-dovecot-"))
    base.chmod(0o755)
    process: subprocess.Popen[bytes] | None = None
    try:
        ca_file, cert_file, key_file = make_certificates(base)
        (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        (base / "passwd").chmod(0o644)
        maildir = base / "mail" / USER
        maildir.mkdir(parents=True)
        if mail_owner:
            os.chown(base / "mail", *mail_owner)
            os.chown(maildir, *mail_owner)
        imap_port, imaps_port = free_port(), free_port()
        while imaps_port == imap_port:
            imaps_port = free_port()
        (base / "dovecot.conf").write_text(
            _config(base, cert_file, key_file, imap_port, imaps_port, login_user, internal_user, mail_uid, mail_gid)
        )
        server = Dovecot("127.0.0.1", imap_port, imaps_port, USER, PASSWORD, maildir, ca_file,
                         base / "dovecot.log", mail_owner)
        for folder in (maildir, server.sent_maildir):
            for sub in ("cur", "new", "tmp"):
                (folder / sub).mkdir(parents=True, exist_ok=True)
                if mail_owner:
                    os.chown(folder, *mail_owner)
                    os.chown(folder / sub, *mail_owner)
        process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(base / "dovecot.conf")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while not (_accepts(imap_port) and _accepts(imaps_port)):
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.stdout and process.poll() else ""
                log = server.log_file.read_text(errors="replace") if server.log_file.exists() else ""
                pytest.fail(f"Dovecot did not start:\n{output}\n{log}")
            time.sleep(0.1)
        monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
        yield server
    finally:
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process is not None and process.stdout:
            process.stdout.close()
        shutil.rmtree(base, ignore_errors=True)


class RecordingProxy:
    """A TCP relay on 127.0.0.1 to a server on 127.0.0.1: keeps every byte the client sent (``sent``)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = 0
        self._client_bytes: list[bytes] = []
        self._lock = threading.Lock()
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self.port = int(self._listener.getsockname()[1])
        self._threads: list[threading.Thread] = []
        self._stopped = False
        accept = threading.Thread(target=self._accept, daemon=True)
        accept.start()
        self._threads.append(accept)

    @property
    def sent(self) -> bytes:
        with self._lock:
            return b"".join(self._client_bytes)

    def commands(self) -> list[str]:
        """The client's lines (commands and literals), as text."""
        return [line.decode(errors="replace") for line in self.sent.split(b"\r\n") if line]

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            for source, target, record in ((client, server, True), (server, client, False)):
                pump = threading.Thread(target=self._pump, args=(source, target, record), daemon=True)
                pump.start()
                self._threads.append(pump)

    def _pump(self, source: socket.socket, target: socket.socket, record: bool) -> None:
        try:
            while data := source.recv(65536):
                if record:
                    with self._lock:
                        self._client_bytes.append(data)
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self) -> None:
        self._stopped = True
        self._listener.close()
        for thread in self._threads[1:]:
            thread.join(timeout=5)


@pytest.fixture(name="recording_proxy")
def recording_proxy_fixture(dovecot: Dovecot) -> Iterator[RecordingProxy]:
    """A recording relay in front of the test Dovecot's plain IMAP port."""
    proxy = RecordingProxy(dovecot.imap_port)
    yield proxy
    proxy.close()
