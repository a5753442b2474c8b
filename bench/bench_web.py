"""A bounded wrk load on the running web server over the large practice: every page of the navigation
and a person's page.

The server is started as `coffeechat serve --port 0` on 127.0.0.1 over a scratch copy of the practice (the
bench writes to it), logged into through the one-time link it prints, loaded for 15 s per page by wrk
(2 threads, 16 connections; BENCH_WEB_SECONDS changes the 15), then stopped. The floor is waitress serving a
one-line WSGI app with the same number of threads: what any page would cost with no work at all.

Before the load, writes are interleaved with reads as a user makes them: mark the dashboard's first action
done, then add a note to a person, several times; each read right after a write must show it (a page that
answered from a stale cache fails the run).
"""

from __future__ import annotations

import html.parser
import http.cookiejar
import os
import queue
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.measure import tail
from bench.profile_pages import navigation_pages
from bench.report import Line, Summary, ratio
from bench.workspace import (
    NOW,
    OUT,
    child_environment,
    coffeechat_command,
    ensure_practice,
    missing_peer,
    write_result,
)

THREADS, CONNECTIONS = 2, 16
SECONDS = int(os.environ.get("BENCH_WEB_SECONDS", "15"))
WRITE_ROUNDS = 5
TARGET_P99_MS = 50.0
LINK = re.compile(r"(http://127\.0\.0\.1:(\d+))/login\?token=\S+")
FLOOR_APP = (
    "import sys\n"
    "from waitress.server import create_server\n"
    "def app(environ, start_response):\n"
    "    start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '2')])\n"
    "    return [b'ok']\n"
    "server = create_server(app, host='127.0.0.1', port=0, threads=8)\n"
    "print(f'http://127.0.0.1:{server.effective_port}/login?token=floor', flush=True)\n"
    "server.run()\n"
)


@contextmanager
def server(command: list[str], startup_seconds: float = 90) -> Iterator[tuple[str, str, list[str]]]:
    """Start a server, yield (base URL, login link, its output so far); stop it with Ctrl+C, then harder."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env=child_environment(PYTHONUNBUFFERED="1"))
    lines: queue.Queue[str] = queue.Queue()
    output: list[str] = []

    def read() -> None:  # a thread, because the pipe is read line by line while we wait for the link
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server printed no login link: {tail(''.join(output))}") from None
                continue
            output.append(line)
            found = LINK.search(line)
            if found:
                yield found.group(1), found.group(0), output
                return
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Browser:
    """A logged-in client with its own cookie jar (session and CSRF cookies), for reads and form posts."""

    def __init__(self, link: str) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.base = link.split("/login", 1)[0]
        self.get("/login" + link.split("/login", 1)[1])

    def cookie(self, prefix: str) -> tuple[str, str] | None:
        """(name, value) of the cookie whose name starts with ``prefix`` (the server adds its port and home)."""
        for cookie in self.jar:
            if cookie.name.startswith(prefix) and cookie.value:
                return cookie.name, cookie.value
        return None

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.read().decode()

    def post(self, path: str, fields: dict[str, str] | list[tuple[str, str]]) -> int:
        csrf = self.cookie("coffeechat_csrf")
        items = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf and not any(name == "csrfmiddlewaretoken" for name, _ in items):
            items.append(("csrfmiddlewaretoken", csrf[1]))
        request = urllib.request.Request(self.base + path, data=urllib.parse.urlencode(items).encode(),
                                         headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=60) as response:
            response.read()
            return response.status


def log_in(link: str) -> tuple[Browser, str]:
    """Follow the login link with a cookie jar; the logged-in browser and the session's Cookie header."""
    browser = Browser(link)
    found = browser.cookie("coffeechat_session")
    if found is None:
        raise RuntimeError("logging in with the link set no coffeechat_session… cookie")
    return browser, f"{found[0]}={found[1]}"


class _FormReader(html.parser.HTMLParser):
    """The fields of the first form posting to ``action``: inputs, selects (chosen option) and textareas."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.done = action, False, False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.done and a.get("action") == self.action:
            self.inside = True
        if not self.inside:
            return
        if tag == "input" and a.get("name") and a.get("type") not in ("submit", "button", "checkbox", "radio"):
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "input" and a.get("name") and a.get("type") in ("checkbox", "radio") and "checked" in a:
            self.fields.append((a["name"], a.get("value", "on")))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.fields.append((a["name"], ""))
        elif tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select is not None and ("selected" in a or self._select_value is None):
            self._select_value = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            self.fields.append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(page: str, action: str) -> list[tuple[str, str]]:
    """What the browser would send for the form posting to ``action`` on ``page``, unchanged."""
    reader = _FormReader(action)
    reader.feed(page)
    if not reader.done:
        raise RuntimeError(f"no form posting to {action} on the page")
    return reader.fields


ACTION_KEY = re.compile(r'action="/actions/done".*?name="key" value="([^"]+)"', re.DOTALL)


def writes_then_reads(browser: Browser, person_id: int, rounds: int = WRITE_ROUNDS) -> list[str]:
    """Interleave writes with reads; each read must reflect the write before it. Returns the failures."""
    failures: list[str] = []
    for round_number in range(rounds):
        dashboard = browser.get("/")
        found = ACTION_KEY.search(dashboard)
        if found is None:
            failures.append("the dashboard shows no action to mark done")
        else:
            key = html.unescape(found.group(1))
            browser.post("/actions/done", {"key": key})
            if f'value="{found.group(1)}"' in browser.get("/"):
                failures.append(f"action {key} was marked done but the dashboard still offers it (stale)")
        edit = f"/people/{person_id}/edit"
        marker = f"bench note {round_number} {time.time_ns()}"
        fields = [(name, marker if name == "notes" else value) for name, value in form_fields(browser.get(edit), edit)]
        browser.post(edit, fields)
        if marker not in browser.get(f"/people/{person_id}/"):
            failures.append(f"a note was added to person {person_id} but their page does not show it (stale)")
    return failures


def fetch_status(url: str, cookie: str) -> tuple[int, str]:
    """The status of one GET with the session (redirects not followed), and the final URL."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            response.read()
            return response.status, url
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", url)


def unloaded_ms(url: str, cookie: str, runs: int = 5) -> float:
    """The median time of ``runs`` one-at-a-time GETs: the page's own cost, without queueing."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    value = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not value:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(value.group(1)) * _UNITS[value.group(2)]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/s, latency percentiles (ms), and errors from `wrk --latency` output."""
    result: dict[str, Any] = {}
    rate = re.search(r"Requests/sec:\s*([\d.]+)", output)
    result["requests_per_second"] = float(rate.group(1)) if rate else None
    for percent in ("50", "75", "90", "99"):
        found = re.search(rf"^\s*{percent}(?:\.0+)?%\s+(\S+)", output, re.MULTILINE)
        result[f"p{percent}_ms"] = _ms(found.group(1)) if found else None
    total = re.search(r"(\d+) requests in", output)
    result["requests"] = int(total.group(1)) if total else None
    non_ok = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    result["non_2xx_3xx"] = int(non_ok.group(1)) if non_ok else 0
    errors = re.search(r"Socket errors:(.*)", output)
    result["socket_errors"] = errors.group(1).strip() if errors else ""
    return result


def load(url: str, cookie: str | None) -> dict[str, Any]:
    """One bounded wrk run against ``url`` (127.0.0.1 only)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("the load test only runs against 127.0.0.1")
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse_wrk(done.stdout)


def _show(name: str, measured: dict[str, Any]) -> None:
    alone = f"   alone {measured['unloaded_median_ms']:.1f} ms" if "unloaded_median_ms" in measured else ""
    print(f"  {name:<22}{alone} {measured['requests_per_second'] or 0:>8.1f} req/s   p50 {measured['p50_ms'] or 0:>7.1f} ms"
          f"   p99 {measured['p99_ms'] or 0:>7.1f} ms   non-2xx {measured['non_2xx_3xx']}"
          + (f"   socket errors: {measured['socket_errors']}" if measured["socket_errors"] else ""), flush=True)


def run(summary: Summary, *, fresh: bool) -> dict[str, Any]:
    """Measure, print, save bench/out/web.json and add the lines of the final table."""
    print("\n== web pages under load (wrk) ==", flush=True)
    skip = missing_peer("wrk", "a load test of the web pages", "apt-get install wrk")
    if skip:
        summary.say(skip)
        return {"benchmark": "web", "skipped": skip}
    manifest = ensure_practice(fresh=fresh)
    person = manifest["showcase_person_id"]
    pages = {f"{name} {path}": path for name, path in navigation_pages(person).items()}
    results: dict[str, Any] = {"benchmark": "web", "threads": THREADS, "connections": CONNECTIONS,
                               "seconds": SECONDS, "target_p99_ms": TARGET_P99_MS, "pages": {}}
    # The bench writes (done, notes): a scratch copy keeps the kept practice as generated.
    scratch = OUT / "web-practice"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(manifest["home"], scratch, ignore=shutil.ignore_patterns("server.json", ".server.json.*"))

    with server([sys.executable, "-c", FLOOR_APP]) as (base, _, _):
        floor = load(base + "/", None)
    _show("floor: waitress 'ok'", floor)
    results["floor"] = floor

    command = [*coffeechat_command(), "--home", str(scratch), "--now", NOW, "serve", "--port", "0"]
    with server(command) as (base, link, _):
        browser, cookie = log_in(link)
        failures = writes_then_reads(browser, person)
        results["stale_reads"] = failures
        print(f"  writes interleaved with reads: {WRITE_ROUNDS} rounds of done + note, "
              f"{'every read showed the write' if not failures else 'STALE: ' + '; '.join(failures)}", flush=True)
        for failure in failures:
            summary.say(f"web: {failure}")
        for name, path in pages.items():
            try:
                status, where = fetch_status(base + path, cookie)
            except OSError as error:  # a timeout: the server is still busy with the page before
                summary.say(f"web: {path} could not be measured ({error}); the pages after it queue behind it.")
                results["pages"][name] = {"error": str(error)}
                continue
            if status != 200:
                summary.say(f"web: {path} answered {status} ({where}) instead of 200; not load-tested.")
                results["pages"][name] = {"status": status}
                continue
            try:
                alone = unloaded_ms(base + path, cookie)
                measured = load(base + path, cookie)
            except (OSError, subprocess.CalledProcessError) as error:  # a timeout: the server is still busy
                summary.say(f"web: {path} could not be measured ({error}); the pages after it queue behind it.")
                results["pages"][name] = {"error": str(error)}
                continue
            measured["unloaded_median_ms"] = alone
            _show(name, measured)
            results["pages"][name] = measured
            p99 = measured["p99_ms"]
            finished = bool(measured["requests"])  # wrk leaves p99 at 0 when no request finished in time
            verdict = "meets" if finished and p99 is not None and p99 < TARGET_P99_MS else "MISSES"
            summary.add(Line("web", f"{name} p99 (p50)", f"{p99:.1f} ms ({measured['p50_ms']:.1f})",
                             floor=f"{floor['p99_ms']:.1f} ms", vs_floor=ratio(p99, floor["p99_ms"]),
                             note=f"{measured['requests_per_second']:.0f} req/s, {alone:.0f} ms alone; {verdict} p99 < {TARGET_P99_MS:.0f} ms"))
            if measured["non_2xx_3xx"]:
                summary.say(f"web: {measured['non_2xx_3xx']} responses of {path} were errors under load.")
    shutil.rmtree(scratch, ignore_errors=True)
    print(f"Saved {write_result('web', results)}")
    return results
