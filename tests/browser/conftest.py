"""Browser tests: the real `coffeechat` server on a free 127.0.0.1 port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import skip_or_fail

CHROMIUM = os.environ.get("COFFEECHAT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class LiveServer:
    """A running `coffeechat serve`: its base URL and its one-time login link."""

    base_url: str
    login_link: str
    env: dict[str, str]


@contextmanager
def running_server(env: dict[str, str], *args: str) -> Iterator[LiveServer]:
    """Start `coffeechat <args>` (which must serve) and wait for its login link."""
    process = subprocess.Popen(
        [sys.executable, "-m", "coffeechat", *args, "--port", "0"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert process.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    # A reader thread, because a pipe's buffered lines do not wake a selector.
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()  # type: ignore[union-attr]
    seen: list[str] = []
    link = base = None
    deadline = time.monotonic() + 90
    try:
        while link is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                if process.poll() is not None:
                    break
                continue
            seen.append(line)
            # The one-time link of a local server, or the login page a career centre's server names.
            found = re.search(r"(http://127\.0\.0\.1:\d+)/login(\?token=\S+)?", line)
            if found:
                link, base = found.group(0), found.group(1)
        if link is None:
            raise AssertionError("the server never printed its login link:\n" + "".join(seen))
        yield LiveServer(base_url=str(base), login_link=link, env=env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the session (Debian's package, never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("browser tests need the playwright package (pip install playwright)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser tab; when the test fails, a screenshot of it lands in test-artifacts/."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    failed = getattr(request.node, "rep_call", None)  # set by pytest_runtest_makereport in tests/conftest.py
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", request.node.name)
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def demo_server(fresh_data_env: dict[str, str]) -> Iterator[LiveServer]:
    """The demo practice, built and served by the real program."""
    with running_server(fresh_data_env, "demo") as server:
        yield server
