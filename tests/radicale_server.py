"""A real CalDAV/CardDAV server on 127.0.0.1 (Radicale, from PyPI), for tests of calendar and contact sync.

Use it in a test module with ``from radicale_server import radicale_fixture  # noqa: F401`` and take the
``radicale`` fixture (a parameter named ``radicale``): a running server with one user (``radicale.user`` /
``radicale.password``), storage in the test's tmp folder, htpasswd authentication (plain) and the
owner-only rights Radicale ships with. The helpers speak plain HTTP (urllib) to 127.0.0.1 only::

    calendar = radicale.make_calendar("work")           # the collection's URL, ending in "/"
    radicale.put_event(calendar, "meeting-1", ICS_TEXT)  # the item's URL
    book = radicale.make_addressbook("contacts")
    radicale.put_card(book, "card-1", VCARD_TEXT)
    radicale.stop()                                      # a stopped server, for error paths
"""

from __future__ import annotations

import base64
import importlib.util
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from smtp_inbox import free_port

STARTUP_SECONDS = 30


@dataclass
class RadicaleServer:
    """A running Radicale: its base URL (``http://127.0.0.1:PORT/``), the test user, and HTTP helpers."""

    url: str
    user: str
    password: str
    folder: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def principal_url(self) -> str:
        """The user's own collection (``/USER/``), where calendars and address books are made."""
        return f"{self.url}{self.user}/"

    def request(
        self, method: str, url: str, body: str | bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """One authenticated HTTP request to the server; the status and the response text (errors too)."""
        if not url.startswith(self.url):
            raise ValueError(f"{url} is not on this test server ({self.url})")
        data = body.encode() if isinstance(body, str) else body
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Basic {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=15) as response:  # 127.0.0.1 only
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def _expect(self, allowed: tuple[int, ...], method: str, url: str, body: str | None = None,
                headers: dict[str, str] | None = None) -> str:
        status, text = self.request(method, url, body, headers)
        if status not in allowed:
            raise AssertionError(f"{method} {url} answered {status}: {text[:500]}")
        return text

    def make_calendar(self, name: str = "calendar", display_name: str = "") -> str:
        """Create a calendar collection (MKCALENDAR); its URL, ending in a slash."""
        url = f"{self.principal_url}{name}/"
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
            f"<D:displayname>{display_name or name}</D:displayname>"
            "<C:supported-calendar-component-set><C:comp name=\"VEVENT\"/></C:supported-calendar-component-set>"
            "</D:prop></D:set></C:mkcalendar>"
        )
        self._expect((201,), "MKCALENDAR", url, body, {"Content-Type": "application/xml; charset=utf-8"})
        return url

    def make_addressbook(self, name: str = "contacts", display_name: str = "") -> str:
        """Create an address-book collection (extended MKCOL); its URL, ending in a slash."""
        url = f"{self.principal_url}{name}/"
        body = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>'
            "<D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype>"
            f"<D:displayname>{display_name or name}</D:displayname>"
            "</D:prop></D:set></D:mkcol>"
        )
        self._expect((201,), "MKCOL", url, body, {"Content-Type": "application/xml; charset=utf-8"})
        return url

    def put_event(self, calendar_url: str, name: str, ics: str) -> str:
        """Create or replace ``NAME.ics`` in a calendar with this iCalendar text; the item's URL."""
        url = f"{calendar_url}{name}.ics"
        self._expect((201, 204), "PUT", url, ics.replace("\r\n", "\n").replace("\n", "\r\n"),
                     {"Content-Type": "text/calendar; charset=utf-8"})
        return url

    def put_card(self, addressbook_url: str, name: str, vcard: str) -> str:
        """Create or replace ``NAME.vcf`` in an address book with this vCard text; the item's URL."""
        url = f"{addressbook_url}{name}.vcf"
        self._expect((201, 204), "PUT", url, vcard.replace("\r\n", "\n").replace("\n", "\r\n"),
                     {"Content-Type": "text/vcard; charset=utf-8"})
        return url

    def get(self, url: str) -> str:
        """The text of one item (or a whole collection, as Radicale exports it)."""
        return self._expect((200,), "GET", url)

    def delete(self, url: str) -> None:
        """Delete an item or a collection."""
        self._expect((200, 204), "DELETE", url)

    def stop(self) -> None:
        """Stop the server (the URL then refuses connections); safe to call twice."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):  # 127.0.0.1 only
            return True
    except urllib.error.HTTPError:
        return True  # any HTTP answer (401, 404…) means it is up
    except OSError:
        return False


def start_radicale(folder: Path, user: str = "student", password: str = "radicale-test-pw") -> RadicaleServer:
    """Start Radicale as a subprocess with its config, users and storage under ``folder``; wait until it
    answers. The caller stops it (``server.stop()``)."""
    if importlib.util.find_spec("radicale") is None:
        reason = "Radicale is not installed (pip install radicale: a test extra)"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run this test, but: {reason}")
        pytest.skip(reason)
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    users = folder / "users"
    users.write_text(f"{user}:{password}\n")
    config = folder / "radicale.conf"
    config.write_text(
        "[server]\n"
        f"hosts = 127.0.0.1:{port}\n"
        "[auth]\n"
        "type = htpasswd\n"
        f"htpasswd_filename = {users}\n"
        "htpasswd_encryption = plain\n"
        "delay = 0\n"
        "[rights]\n"
        "type = owner_only\n"
        "[storage]\n"
        f"filesystem_folder = {folder / 'collections'}\n"
        "[web]\n"
        "type = none\n"
        "[logging]\n"
        "level = warning\n"
    )
    log = (folder / "radicale.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=log, stderr=subprocess.STDOUT, cwd=folder,
    )
    server = RadicaleServer(url=f"http://127.0.0.1:{port}/", user=user, password=password, folder=folder,
                            process=process)
    deadline = time.monotonic() + STARTUP_SECONDS
    while not _answers(server.url):
        if process.poll() is not None or time.monotonic() > deadline:
            server.stop()
            log.close()
            raise RuntimeError(f"Radicale did not start: {(folder / 'radicale.log').read_text()[-2000:]}")
        time.sleep(0.1)
    log.close()
    return server


@pytest.fixture(name="radicale")
def radicale_fixture(tmp_path: Path) -> Iterator[RadicaleServer]:
    """A running Radicale on 127.0.0.1 with one user; stopped after the test."""
    server = start_radicale(tmp_path / "radicale")
    try:
        yield server
    finally:
        server.stop()


radicale = radicale_fixture  # the same fixture, for `from radicale_server import radicale`
