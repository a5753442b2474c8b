"""The target board: the LAMP list with scores edited in place and two starter contacts per row."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.services.targets import TargetNotFound, set_scores, target_board
from coffeechat.web.forms import TargetAddForm, TargetScoresForm, refusal
from coffeechat.web.requests import OwnerRequest

MOTIVATION_CHOICES = [(4, "4 · pull into top five"), (3, "3 · very keen"), (2, "2 · keen"), (1, "1 · mildly"),
                      (0, "0 · don't know it")]
POSTING_CHOICES = [(3, "3 · relevant openings"), (2, "2 · somewhat"), (1, "1 · none")]


# Rows per page of the board: a long imported list stays one quick page at a time.
TARGETS_PER_PAGE = 50


def _page_number(request: OwnerRequest) -> int:
    raw = request.GET.get("page", "") or request.POST.get("page", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 1


def _context(request: OwnerRequest) -> dict[str, object]:
    number = _page_number(request)
    board = target_board(request.user, start=(number - 1) * TARGETS_PER_PAGE, count=TARGETS_PER_PAGE)
    pages = max(1, -(-board.total // TARGETS_PER_PAGE))
    if number > pages:  # past the end (the list got shorter): show the last page
        number = pages
        board = target_board(request.user, start=(number - 1) * TARGETS_PER_PAGE, count=TARGETS_PER_PAGE)
    return {"nav": "targets", "board": board, "motivation_choices": MOTIVATION_CHOICES,
            "posting_choices": POSTING_CHOICES, "page_number": number, "pages": pages,
            "previous_page": number - 1 if number > 1 else None, "next_page": number + 1 if number < pages else None}


def _board(request: OwnerRequest, status: int = 200) -> HttpResponse:
    template = "coffeechat/targets.html#board" if request.htmx else "coffeechat/targets.html"
    return render(request, template, _context(request), status=status)


def target_list(request: OwnerRequest) -> HttpResponse:
    """The ranked list; htmx requests get only the board."""
    return _board(request)


@require_POST
def target_score(request: OwnerRequest, pk: int) -> HttpResponse:
    """Change one organisation's scores, then show the re-ranked board."""
    form = TargetScoresForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return _board(request, status=400) if request.htmx else redirect("targets")
    try:
        set_scores(request.user, pk, motivation=form.cleaned_data["motivation"], posting=form.cleaned_data["posting"],
                   advocacy=form.advocacy_value())
    except TargetNotFound as error:
        raise Http404("No such organisation on your list.") from error
    except ValueError as error:
        messages.error(request, str(error))
        return _board(request, status=400) if request.htmx else redirect("targets")
    return _board(request) if request.htmx else redirect("targets")


@require_POST
def target_add(request: OwnerRequest) -> HttpResponse:
    """Add an organisation to the list by name (its scores start low; edit them in place)."""
    form = TargetAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return redirect("targets")
    try:
        org = set_scores(request.user, form.cleaned_data["name"], motivation=form.cleaned_data["motivation"])
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{org.name} is on your list.")
    return redirect("targets")
