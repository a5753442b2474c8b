"""Where each page's time goes, in one process: queries, SQL time, template time and the rest.

Not a benchmark of whole processes (that is ``bench_web``): this renders every page of the navigation and a
person's page through Django's test client on a copy of the large practice, and splits each page's time
into SQL (Django's own query log), template rendering (the Django template engine's ``render``, less the
queries the template itself runs) and
everything else (views, services, middleware), as the median of ``--runs`` warm requests ("cpu ms": this process's CPU time, steadier on a busy machine); "first ms" is
the first request (before any reuse of computed values). ``--profile PATH`` adds cProfile's top functions for that
one page.

    .venv/bin/python -m bench.profile_pages                 # the table
    .venv/bin/python -m bench.profile_pages --profile /review/
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.workspace import NOW, ensure_practice


def navigation_pages(person_id: int) -> dict[str, str]:
    """Every page of the main navigation, the task list, a search and the showcase person's page."""
    return {
        "dashboard": "/",
        "people": "/people/",
        "person": f"/people/{person_id}/",
        "targets": "/targets/",
        "questions": "/questions/",
        "import": "/import/",
        "goals": "/goals/",
        "tasks": "/tasks/",
        "stats": "/stats/",
        "network": "/network/",
        "review": "/review/",
        "sources": "/sources/",
        "settings": "/settings/",
        "search": "/search/?q=editor",
    }


class _TemplateClock:
    """Adds up the time spent in the outermost Django template render calls."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._depth = 0

    def install(self) -> None:
        from django.template.backends.django import Template

        original = Template.render
        clock = self

        def render(template: Any, *args: Any, **kwargs: Any) -> Any:
            from django.db import connection

            clock._depth += 1
            started, before = time.perf_counter(), len(connection.queries)
            try:
                return original(template, *args, **kwargs)
            finally:
                clock._depth -= 1
                if clock._depth == 0:  # queries run by the template (lazy querysets) count as SQL, not here
                    sql = sum(float(q["time"]) for q in connection.queries[before:])
                    clock.seconds += time.perf_counter() - started - sql

        Template.render = render  # type: ignore[method-assign]


def _measure(client: Any, path: str, clock: _TemplateClock, runs: int) -> dict[str, Any]:
    from django.db import connection, reset_queries

    totals, sqls, templates, counts, cpus = [], [], [], [], []
    status = 0
    for _ in range(runs + 1):  # the first one warms caches and is not counted
        reset_queries()
        clock.seconds = 0.0
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        total = time.perf_counter() - started
        cpus.append((time.process_time() - cpu_started) * 1000)
        status = response.status_code
        queries = list(connection.queries)
        totals.append(total * 1000)
        sqls.append(sum(float(q["time"]) for q in queries) * 1000)
        templates.append(clock.seconds * 1000)
        counts.append(len(queries))
    cold = totals[0]
    totals, sqls, templates, counts = totals[1:], sqls[1:], templates[1:], counts[1:]
    total, sql, template = statistics.median(totals), statistics.median(sqls), statistics.median(templates)
    return {"status": status, "queries": counts[-1], "cold_ms": cold, "cpu_ms": statistics.median(cpus[1:]),
            "total_ms": total, "sql_ms": sql,
            "template_ms": template, "other_ms": max(total - sql - template, 0.0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", metavar="PATH", help="also print cProfile's top functions for this page")
    parser.add_argument("--people", type=int, default=10_000)
    arguments = parser.parse_args(argv)

    manifest = ensure_practice(fresh=False, people=arguments.people)
    scratch = Path(tempfile.mkdtemp(prefix="coffeechat-profile-"))
    try:
        for name in os.listdir(manifest["home"]):
            source = Path(manifest["home"]) / name
            if source.is_file() and not name.startswith("server"):
                shutil.copy2(source, scratch / name)
        os.environ["COFFEECHAT_HOME"] = str(scratch)
        os.environ["COFFEECHAT_NOW"] = NOW
        from coffeechat.bootstrap import start

        start()
        from django.conf import settings
        from django.test import Client
        from django.test.utils import setup_test_environment

        settings.DEBUG = True  # Django keeps connection.queries only with DEBUG on
        settings.ALLOWED_HOSTS = ["testserver"]
        setup_test_environment()
        from coffeechat.services.accounts import local_owner

        client = Client()
        client.force_login(local_owner())
        clock = _TemplateClock()
        clock.install()
        print(f"{'page':<11}{'status':>7}{'queries':>9}{'first ms':>10}{'cpu ms':>8}{'total ms':>10}{'SQL ms':>9}{'tmpl ms':>9}{'other ms':>10}")
        for name, path in navigation_pages(manifest["showcase_person_id"]).items():
            m = _measure(client, path, clock, arguments.runs)
            print(f"{name:<11}{m['status']:>7}{m['queries']:>9}{m['cold_ms']:>10.1f}{m['cpu_ms']:>8.1f}{m['total_ms']:>10.1f}{m['sql_ms']:>9.1f}"
                  f"{m['template_ms']:>9.1f}{m['other_ms']:>10.1f}", flush=True)
        if arguments.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(arguments.runs):
                client.get(arguments.profile)
            profiler.disable()
            pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(45)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
