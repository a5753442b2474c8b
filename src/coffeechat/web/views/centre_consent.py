"""Consent, not surveillance (issue 15 §3-4), centre mode only.

Students: "Sharing" (a level per advisor, revocable), "Who looked" (the audit log), "Comments from
advisors". Advisors: the cohort dashboard and one student's record at the level that student grants, with
a comment form. A student who shares nothing with the advisor is, for that advisor, a 404 — never a 403 —
so an address reveals nothing about who studies here.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.core.errors import NotFound
from coffeechat.web.requests import OwnerRequest
from coffeechat.web.roles import role_required

LEVEL_CHOICES = (("none", "Nothing"), ("counts", "Counts only"), ("timeline", "Goals and timeline"),
                 ("everything", "Everything, including notes"))


# --- students ----------------------------------------------------------------------------------------


@role_required("student")
def sharing_page(request: OwnerRequest) -> HttpResponse:
    """Every advisor of the centre with what the student shares with each; change or revoke at any time."""
    from coffeechat.services.consent import ConsentError, set_level, sharing_choices

    status = 200
    if request.method == "POST":
        try:
            consent = set_level(request.user, request.POST.get("advisor", ""), request.POST.get("level", ""))
        except NotFound as error:
            raise Http404(str(error)) from error
        except ConsentError as error:
            messages.error(request, str(error).capitalize() + ".")
            status = 400
        else:
            messages.success(request, "Saved: this advisor now sees " + (
                consent.get_level_display().lower() if consent else "nothing of your record") + ".")
            return redirect("centre-sharing")
    return render(request, "coffeechat/centre_sharing.html",
                  {"rows": sharing_choices(request.user), "choices": LEVEL_CHOICES, "nav": "sharing"}, status=status)


@role_required("student")
def who_looked_page(request: OwnerRequest) -> HttpResponse:
    """The audit log: every time an advisor looked at the student's record, at which level, at what."""
    from coffeechat.services.consent import audit_log

    return render(request, "coffeechat/centre_who_looked.html", {"views": audit_log(request.user), "nav": "sharing"})


@role_required("student")
def comments_page(request: OwnerRequest) -> HttpResponse:
    """Comments advisors left for the student; POST marks one (or all) read."""
    from coffeechat.services.consent import comments_for, mark_read

    if request.method == "POST":
        mark_read(request.user, request.POST.get("comment") or None)
        return redirect("centre-comments")
    return render(request, "coffeechat/centre_comments.html",
                  {"comments": comments_for(request.user), "nav": "comments"})


# --- advisors ----------------------------------------------------------------------------------------


@role_required("advisor")
def cohort_page(request: OwnerRequest) -> HttpResponse:
    """Per cohort: the funnel of consenting students, who sent no request in 14 days, late thank-yous,
    who has not logged in."""
    from coffeechat.services.cohort import dashboard

    cohort = request.GET.get("cohort") or None
    return render(request, "coffeechat/centre_cohort.html",
                  {"blocks": dashboard(request.user, cohort), "cohort": cohort, "nav": "cohort"})


@role_required("advisor")
def student_page(request: OwnerRequest, pk: int) -> HttpResponse:
    """One student's record at the level they grant this advisor (logged), and the advisor's comments."""
    from coffeechat.services.consent import NotPermitted, comments_by, granted_view

    try:
        view = granted_view(request.user, pk)  # roles and the journalism looked up once for the page
    except NotPermitted as error:
        raise Http404("No such student.") from error
    return render(request, "coffeechat/centre_student.html",
                  {"view": view, "comments": comments_by(request.user, view.student), "nav": "cohort"})


@require_POST
@role_required("advisor")
def student_comment(request: OwnerRequest, pk: int) -> HttpResponse:
    """Leave the student a comment (any consent); the record itself is never changed."""
    from coffeechat.services.consent import ConsentError, NotPermitted, comment, student_for

    try:
        student = student_for(request.user, pk)
        comment(request.user, student, request.POST.get("body", ""))
    except NotPermitted as error:
        raise Http404("No such student.") from error
    except ConsentError as error:
        messages.error(request, str(error).capitalize() + ".")
    else:
        messages.success(request, "Comment left; the student sees it under Comments from advisors.")
    return redirect("centre-student", pk=pk)
