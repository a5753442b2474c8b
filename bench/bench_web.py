"""A bounded wrk load on the running web server over the large practice: dashboard, people list, a person.

The server is started as `coffeechat serve --port 0` on 127.0.0.1, logged into through the one-time link it
prints, loaded for 15 s per page by wrk (2 threads, 16 connections), then stopped. The floor is waitress
serving a one-line WSGI app with the same number of threads: what any page would cost with no work at all.
"""

from __future__ import annotations

import http.cookiejar
import queue
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.measure import tail
from bench.report import Line, Summary, ratio
from bench.workspace import (
    NOW,
    child_environment,
    coffeechat_command,
    ensure_practice,
    missing_peer,
    write_result,
)

THREADS, CONNECTIONS, SECONDS = 2, 16, 15
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


def log_in(link: str) -> str:
    """Follow the login link with a cookie jar; return the session cookie's value."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(link, timeout=30) as response:
        response.read()
    for cookie in jar:
        if cookie.name == "coffeechat_session" and cookie.value:
            return cookie.value
    raise RuntimeError("logging in with the link set no coffeechat_session cookie")


def fetch_status(url: str, cookie: str) -> tuple[int, str]:
    """The status of one GET with the session (redirects not followed), and the final URL."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    request = urllib.request.Request(url, headers={"Cookie": f"coffeechat_session={cookie}"})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=30) as response:
            response.read()
            return response.status, url
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location", url)


def unloaded_ms(url: str, cookie: str, runs: int = 5) -> float:
    """The median time of ``runs`` one-at-a-time GETs: the page's own cost, without queueing."""
    request = urllib.request.Request(url, headers={"Cookie": f"coffeechat_session={cookie}"})
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
        command += ["-H", f"Cookie: coffeechat_session={cookie}"]
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
    pages = {"dashboard /": "/", "people list /people/": "/people/", f"person /people/{person}/": f"/people/{person}/"}
    results: dict[str, Any] = {"benchmark": "web", "threads": THREADS, "connections": CONNECTIONS,
                               "seconds": SECONDS, "target_p99_ms": TARGET_P99_MS, "pages": {}}

    with server([sys.executable, "-c", FLOOR_APP]) as (base, _, _):
        floor = load(base + "/", None)
    _show("floor: waitress 'ok'", floor)
    results["floor"] = floor

    command = [*coffeechat_command(), "--home", manifest["home"], "--now", NOW, "serve", "--port", "0"]
    with server(command) as (base, link, _):
        cookie = log_in(link)
        for name, path in pages.items():
            status, where = fetch_status(base + path, cookie)
            if status != 200:
                summary.say(f"web: {path} answered {status} ({where}) instead of 200; not load-tested.")
                results["pages"][name] = {"status": status}
                continue
            alone = unloaded_ms(base + path, cookie)
            measured = load(base + path, cookie)
            measured["unloaded_median_ms"] = alone
            _show(name, measured)
            results["pages"][name] = measured
            p99 = measured["p99_ms"]
            verdict = "meets" if p99 is not None and p99 < TARGET_P99_MS else "MISSES"
            summary.add(Line("web", f"{name} p99 (p50)", f"{p99:.1f} ms ({measured['p50_ms']:.1f})",
                             floor=f"{floor['p99_ms']:.1f} ms", vs_floor=ratio(p99, floor["p99_ms"]),
                             note=f"{measured['requests_per_second']:.0f} req/s, {alone:.0f} ms alone; {verdict} p99 < {TARGET_P99_MS:.0f} ms"))
            if measured["non_2xx_3xx"]:
                summary.say(f"web: {measured['non_2xx_3xx']} responses of {path} were errors under load.")
    print(f"Saved {write_result('web', results)}")
    return results
