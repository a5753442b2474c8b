"""The analytics page: every number of the practice, with charts drawn on the server as plain SVG.

The charts carry their numbers as text beside each bar and point, so they read without colour and print.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from coffeechat.core.analytics import ConfidencePoint, bar_lengths
from coffeechat.services.analytics import practice_stats
from coffeechat.web.requests import OwnerRequest

BAR_WIDTH = 360
ROW = 26
LABEL_WIDTH = 190


def bar_chart(title: str, rows: list[tuple[str, int, str]]) -> dict[str, Any]:
    """A horizontal bar chart: (label, value, text shown after the bar) per row."""
    lengths = bar_lengths([value for _, value, _ in rows], BAR_WIDTH)
    return {
        "title": title, "label_width": LABEL_WIDTH, "width": LABEL_WIDTH + BAR_WIDTH + 150,
        "height": ROW * len(rows) + 10,
        "rows": [{"label": label, "value": value, "text": text, "length": length, "y": 5 + index * ROW,
                  "text_x": LABEL_WIDTH + length + 6}
                 for index, ((label, value, text), length) in enumerate(zip(rows, lengths))],
    }


def pair_chart(title: str, rows: list[tuple[str, int, int]], first: str, second: str) -> dict[str, Any]:
    """Two bars per row (e.g. sent and replied), each with its own number and word, the second hatched."""
    lengths = bar_lengths([v for _, a, b in rows for v in (a, b)], BAR_WIDTH)
    height = 2 * 14 + 10
    return {
        "title": title, "label_width": LABEL_WIDTH, "width": LABEL_WIDTH + BAR_WIDTH + 150,
        "height": height * len(rows) + 10, "first": first, "second": second,
        "rows": [{"label": label, "a": a, "b": b, "a_len": lengths[2 * i], "b_len": lengths[2 * i + 1],
                  "y": 5 + i * height, "a_x": LABEL_WIDTH + lengths[2 * i] + 6,
                  "b_x": LABEL_WIDTH + lengths[2 * i + 1] + 6}
                 for i, (label, a, b) in enumerate(rows)],
    }


def confidence_chart(points: list[ConfidencePoint]) -> dict[str, Any]:
    """Before (circles) and after (squares) ratings, 1–5, in the order of the conversations."""
    step, left, top, scale = 56, 40, 12, 36
    y = lambda rating: top + (5 - rating) * scale
    placed = []
    for index, point in enumerate(points):
        x = left + 20 + index * step
        placed.append({"x": x, "day": point.day, "before": point.before, "after": point.after,
                       "before_y": y(point.before) if point.before else None,
                       "after_y": y(point.after) if point.after else None,
                       "person_id": point.person_id})
    line = lambda key: " ".join(f"{p['x']},{p[key]}" for p in placed if p[key] is not None)
    return {"points": placed, "width": left + 40 + step * max(len(points), 1), "height": top + 4 * scale + 40,
            "axis": [{"rating": r, "y": y(r)} for r in range(5, 0, -1)], "left": left,
            "label_y": top + 4 * scale + 28, "before_line": line("before_y"), "after_line": line("after_y")}


def stats_page(request: OwnerRequest) -> HttpResponse:
    """Practice analytics: the funnel, per week and per goal, reply rates, timing, thank-yous, confidence."""
    stats = practice_stats(request.user)
    funnel = bar_chart("The funnel", [(label, n, str(n)) for label, n in stats.funnel.steps()])
    weeks = pair_chart("Requests and replies per week",
                       [(w.week, w.requests, w.replies) for w in stats.weeks], "sent", "replies")

    def rate_rows(rows: Any) -> list[tuple[str, int, int]]:
        return [(r.label, r.sent, r.replied) for r in rows]

    context = {
        "nav": "stats", "stats": stats, "funnel": funnel, "weeks_chart": weeks,
        "known_chart": pair_chart("Reply rate by how you knew them", rate_rows(stats.by_how_known), "sent", "replied"),
        "template_chart": pair_chart("Reply rate by template", rate_rows(stats.by_template), "sent", "replied"),
        "responsiveness_chart": bar_chart("How people answer", [
            ("Boosters", stats.responsiveness["booster"], str(stats.responsiveness["booster"])),
            ("Obligates", stats.responsiveness["obligate"], str(stats.responsiveness["obligate"])),
            ("Curmudgeons", stats.responsiveness["curmudgeon"], str(stats.responsiveness["curmudgeon"])),
        ]),
        "thanks_chart": bar_chart("Thank-yous", [
            ("On time", stats.thank_you_on_time, str(stats.thank_you_on_time)),
            ("Late", stats.thank_you_late, str(stats.thank_you_late)),
            ("Not sent", stats.thank_you_missing, str(stats.thank_you_missing)),
        ]),
        "confidence_chart": confidence_chart(stats.confidence) if stats.confidence else None,
    }
    return render(request, "coffeechat/stats.html", context)
