"""The mail password never crosses a network in clear: with smtp_security none it goes only to this computer.

No test here sends anything beyond 127.0.0.0/8 and ::1: the decision is a pure function, and the one test
that must name another machine runs inside a network namespace of its own (``unshare -n``), where no
packet can leave.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from coffeechat.services.mail import MailRefused, clear_auth_refusal, is_loopback_host, send_mail_as_user
from coffeechat.services.preferences import set_setting
from conftest import run_coffeechat, skip_or_fail


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST.", "127.0.0.1", "127.8.9.10", "::1", "[::1]",
                                  "::ffff:127.0.0.1"])
def test_loopback_names(host: str) -> None:
    assert is_loopback_host(host)


@pytest.mark.parametrize("host", ["smtp.gmail.com", "10.0.0.5", "192.168.1.1", "::2", "fe80::1", "0.0.0.0",
                                  "localhost.example.com", "127.0.0.1.nip.io", ""])
def test_other_machines(host: str) -> None:
    assert not is_loopback_host(host)


def test_the_decision() -> None:
    refusal = clear_auth_refusal("smtp.example.com", "none", "secret")
    assert refusal is not None
    assert "smtp.example.com" in refusal and "smtp_security starttls" in refusal and "unencrypted" in refusal
    assert clear_auth_refusal("smtp.example.com", "starttls", "secret") is None
    assert clear_auth_refusal("smtp.example.com", "ssl", "secret") is None
    assert clear_auth_refusal("smtp.example.com", "none", "") is None  # no password, nothing to protect
    assert clear_auth_refusal("127.0.0.1", "none", "secret") is None
    assert clear_auth_refusal("localhost", "none", "secret") is None


def _mail_settings(owner, host: str, port: int, security: str) -> None:
    for key, value in {"your_email": "alex@example.edu", "smtp_host": host, "smtp_port": str(port),
                       "smtp_security": security, "smtp_password": "hunter2-secret"}.items():
        set_setting(owner, key, value)


@pytest.fixture
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """A guard, should the refusal ever regress: any connection to a non-loopback address fails in the test
    process before a packet is sent (and is recorded)."""
    import socket

    attempts: list[object] = []
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        import ipaddress

        host = str(address[0]) if isinstance(address, tuple) else ""
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            attempts.append(address)
            raise AssertionError(f"a test tried to connect to {address}")
        real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return attempts


def test_a_password_in_clear_to_another_machine_is_refused_before_connecting(owner, loopback_only) -> None:
    # An address literal (no name lookup); the guard makes sure no packet could leave even if this regressed.
    _mail_settings(owner, "203.0.113.25", 25, "none")
    with pytest.raises(MailRefused, match="unencrypted"):
        send_mail_as_user(owner, to=["dana@example.com"], subject="Hi", text="Hello")
    assert loopback_only == []


def test_a_plain_connection_to_this_computer_still_sends(owner, smtp_server, loopback_only) -> None:
    inbox, port = smtp_server
    _mail_settings(owner, "127.0.0.1", port, "none")
    send_mail_as_user(owner, to=["dana@example.com"], subject="Hi", text="Hello")
    assert len(inbox.received) == 1


def _in_own_network(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["unshare", "-n", sys.executable, "-m", "coffeechat", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.sqlite  # the PostgreSQL pass's database is not reachable from an empty network namespace
def test_digest_to_a_remote_server_without_encryption_is_refused_end_to_end(fresh_data_env) -> None:
    if shutil.which("unshare") is None:
        skip_or_fail("needs unshare (util-linux) to run the sending process in a network namespace of its own")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        skip_or_fail(f"`unshare -n` is not allowed here ({probe.stderr.strip()}); it needs root or user namespaces")
    env = fresh_data_env
    for key, value in (("your_email", "alex@example.edu"), ("smtp_host", "mail.example.com"),
                       ("smtp_security", "none"), ("smtp_username", "alex")):
        assert run_coffeechat(env, "settings", "set", key, value).returncode == 0
    stored = subprocess.run([sys.executable, "-m", "coffeechat", "settings", "set", "smtp_password", "-"], env=env,
                            input="hunter2-secret\n", capture_output=True, text=True, timeout=120)
    assert stored.returncode == 0, stored.stderr

    refused = _in_own_network(env, "digest", "--email", "alex@example.edu")
    assert refused.returncode == 1
    assert "not sending: smtp_security is none" in refused.stderr and "mail.example.com" in refused.stderr
    assert "could not send" not in refused.stderr and "Traceback" not in refused.stderr

    # The same command with encryption does try to connect (and finds no network): the test can tell the two.
    assert run_coffeechat(env, "settings", "set", "smtp_security", "starttls").returncode == 0
    tried = _in_own_network(env, "digest", "--email", "alex@example.edu")
    assert tried.returncode == 1 and "could not send through your SMTP server" in tried.stderr
