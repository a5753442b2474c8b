"""An advisor's cohort dashboard (issue 15 §4): per cohort (``Account.cohort``), the funnel totals of the
students who share at least their counts with this advisor, and who needs a nudge — no request sent in 14
days, late thank-yous (docs/practice.md §4.7), not logged in for 14 days.

Only counts are read, so any level of consent is enough; the numbers are read through
``services/consent.counts_views`` (the whole cohort in a fixed number of grouped queries, with the same
definitions as ``counts_view``), so each look is in the student's audit log like any other, and
journalism sources are left out exactly as there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from coffeechat.services import consent
from coffeechat.services.clock import now

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LOGIN_DAYS = 14
NO_COHORT = "(no cohort)"


@dataclass
class StudentLine:
    student: Any
    name: str
    level: str
    counts: consent.Counts
    quiet: bool  # no request sent in 14 days (or never)
    not_logged_in: bool  # never, or more than 14 days ago


@dataclass
class CohortBlock:
    name: str
    students: list[StudentLine] = field(default_factory=list)
    requests: int = 0
    replies: int = 0
    conversations: int = 0
    thank_yous: int = 0
    late_thank_yous: int = 0

    @property
    def quiet(self) -> list[StudentLine]:
        return [s for s in self.students if s.quiet]

    @property
    def late(self) -> list[StudentLine]:
        return [s for s in self.students if s.counts.late_thank_yous]

    @property
    def not_logged_in(self) -> list[StudentLine]:
        return [s for s in self.students if s.not_logged_in]

    def as_json(self) -> dict[str, Any]:
        return {
            "cohort": self.name,
            "funnel": {"students": len(self.students), "requests": self.requests, "replies": self.replies,
                       "conversations": self.conversations, "thank_yous": self.thank_yous,
                       "late_thank_yous": self.late_thank_yous},
            "no_request_in_14_days": [s.student.pk for s in self.quiet],
            "late_thank_yous": [s.student.pk for s in self.late],
            "not_logged_in": [s.student.pk for s in self.not_logged_in],
        }


def dashboard(advisor: User, cohort: str | None = None) -> list[CohortBlock]:
    """One block per cohort of the students who share anything with ``advisor`` (each look is logged)."""
    moment = now()
    quiet_before = moment - timedelta(days=consent.QUIET_DAYS)
    login_before = moment - timedelta(days=LOGIN_DAYS)
    blocks: dict[str, CohortBlock] = {}
    students = consent.students_of(advisor, cohort)
    for view in consent.counts_views(advisor, students, where="the cohort dashboard"):
        student = view.student
        counts = view.counts
        line = StudentLine(
            student=student, name=view.name, level=view.level, counts=counts,
            quiet=counts.last_request is None or counts.last_request < quiet_before,
            not_logged_in=student.last_login is None or student.last_login < login_before,
        )
        block = blocks.setdefault(view.cohort or NO_COHORT, CohortBlock(view.cohort or NO_COHORT))
        block.students.append(line)
        block.requests += counts.requests
        block.replies += counts.replies
        block.conversations += counts.conversations
        block.thank_yous += counts.thank_yous
        block.late_thank_yous += counts.late_thank_yous
    return [blocks[name] for name in sorted(blocks)]
