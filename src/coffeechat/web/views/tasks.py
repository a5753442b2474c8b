"""Tasks on the web: the tasks page, the dashboard's tasks card and the person page's tasks, each with
add, edit, done and delete through services/tasks.py. htmx requests get back only the part they came from."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from coffeechat.models import Person, Task
from coffeechat.services.people import AmbiguousPerson, PersonNotFound, find_person
from coffeechat.services.tasks import (
    KEEP,
    TaskError,
    add_task,
    complete_task,
    delete_task,
    edit_task,
    reopen_task,
    task_lines,
    tasks_query,
)
from coffeechat.web.owned import owned_or_404
from coffeechat.web.requests import OwnerRequest

PLACES = ("page", "card", "person")
TASKS_PER_PAGE = 50


class TaskForm(forms.Form):
    """A task as typed: title, an optional due date, and (outside a person's page) who it is about."""

    title = forms.CharField(label="Task", max_length=300,
                            widget=forms.TextInput(attrs={"placeholder": "e.g. Send my clips to Dana"}))
    due = forms.DateField(label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": "write the date as YYYY-MM-DD, e.g. 2026-12-11"})
    person = forms.CharField(label="About (name or id)", required=False, max_length=200)

    def __init__(self, *args: Any, with_person: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_person:  # on a person's page the task is about them
            del self.fields["person"]


def _place(request: OwnerRequest) -> str:
    place = str(request.POST.get("place") or request.GET.get("place") or "page")
    return place if place in PLACES else "page"


def _owned_task(request: OwnerRequest, pk: int) -> Task:
    return owned_or_404(Task, request, pk, related=("person",))


def _owned_person(request: OwnerRequest, pk: Any) -> Person:
    return owned_or_404(Person, request, pk)


def _context(request: OwnerRequest, place: str, person: Person | None, form: TaskForm | None = None,
             form_for: str = "new") -> dict[str, Any]:
    fresh = TaskForm(auto_id=f"{place}-task-new-%s", with_person=place != "person")
    include_done = request.GET.get("all") == "1" and place == "page"
    pager = None
    if place == "page":  # the tasks page shows a long list one page at a time
        total = tasks_query(request.user, include_done=include_done).count()
        pager = Paginator(range(total), TASKS_PER_PAGE).get_page(request.GET.get("page"))
        lines = task_lines(request.user, include_done=include_done, start=max(pager.start_index() - 1, 0),
                           count=TASKS_PER_PAGE)
    else:
        lines = task_lines(request.user, person=person if place == "person" else None)
    return {
        "nav": "tasks" if place == "page" else "", "place": place, "person": person, "pager": pager,
        "lines": lines,
        "add_form": form if form is not None and form_for == "new" else fresh,
        "edit_form": form if form_for != "new" else None, "edit_for": form_for,
        "show_all": request.GET.get("all") == "1",
    }


def _show(request: OwnerRequest, place: str, person: Person | None, form: TaskForm | None = None,
          form_for: str = "new", status: int = 200) -> HttpResponse:
    """The part the request came from (htmx), or the whole tasks page."""
    ctx = _context(request, place, person, form, form_for)
    if request.htmx and place == "person":
        return render(request, "coffeechat/person_tasks.html", ctx, status=status)
    if request.htmx and place == "card":
        return render(request, "coffeechat/tasks_card.html", ctx, status=status)
    return render(request, "coffeechat/tasks.html", ctx, status=status)


def _back(request: OwnerRequest, place: str, person: Person | None) -> HttpResponse:
    """After a change: htmx gets the fresh part, a plain form goes back where it came from."""
    if request.htmx:
        return _show(request, place, person)
    if place == "person" and person is not None:
        return redirect(reverse("person", args=[person.pk]) + "#tasks")
    return redirect("home" if place == "card" else "tasks")


def tasks_page(request: OwnerRequest) -> HttpResponse:
    """Every open task, later ones included (``?all=1`` adds the done ones), with the add form."""
    return _show(request, "page", None)


def tasks_card(request: OwnerRequest) -> HttpResponse:
    """The dashboard's tasks card (loaded by htmx into the dashboard)."""
    return render(request, "coffeechat/tasks_card.html", _context(request, "card", None))


def person_tasks(request: OwnerRequest, pk: int) -> HttpResponse:
    """One person's tasks, as the person page shows them."""
    return render(request, "coffeechat/person_tasks.html", _context(request, "person", _owned_person(request, pk)))


def _read(request: OwnerRequest, form: TaskForm, person: Person | None) -> tuple[str, date | None, Any] | None:
    """The form's values with the person resolved, or None with the errors next to the fields."""
    if not form.is_valid():
        return None
    about: Any = person
    if "person" in form.fields:
        typed = str(form.cleaned_data.get("person") or "").strip()
        about = None
        if typed:
            try:
                about = find_person(request.user, typed)
            except AmbiguousPerson as error:
                names = ", ".join(f"#{p.pk} {p.full_name}" for p in error.candidates[:5])
                form.add_error("person", f"“{typed}” matches several people ({names}); type the id")
                return None
            except PersonNotFound as error:
                form.add_error("person", str(error))
                return None
    return form.cleaned_data["title"], form.cleaned_data.get("due"), about


@require_POST
def task_add(request: OwnerRequest) -> HttpResponse:
    """Add a task from the tasks page, the dashboard card or a person's page."""
    place = _place(request)
    person = _owned_person(request, request.POST.get("person_id")) if place == "person" else None
    form = TaskForm(request.POST, auto_id=f"{place}-task-new-%s", with_person=place != "person")
    read = _read(request, form, person)
    if read is not None:
        try:
            created = add_task(request.user, read[0], due=read[1], person=read[2])
        except TaskError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            if not request.htmx:
                messages.success(request, f"Task added: {created.title}.")
            return _back(request, place, person)
    return _show(request, place, person, form, "new", status=400)


@require_POST
def task_edit(request: OwnerRequest, pk: int) -> HttpResponse:
    """Change a task's title, due date (empty clears it) and, outside a person's page, who it is about."""
    task = _owned_task(request, pk)
    place = _place(request)
    if place == "person" and task.person is None:
        place = "page"
    person = task.person if place == "person" else None
    form = TaskForm(request.POST, auto_id=f"{place}-task-{task.pk}-%s", with_person=place != "person")
    read = _read(request, form, person)
    if read is not None:
        try:
            edit_task(request.user, task, title=read[0], due=read[1], person=read[2] if place != "person" else KEEP)
        except TaskError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            if not request.htmx:
                messages.success(request, f"Task saved: {task.title}.")
            return _back(request, place, person)
    return _show(request, place, person, form, str(task.pk), status=400)


@require_POST
def task_done(request: OwnerRequest, pk: int) -> HttpResponse:
    """Mark a task done (``reopen=1`` opens it again)."""
    task = _owned_task(request, pk)
    place = _place(request)
    if request.POST.get("reopen") == "1":
        reopen_task(request.user, task)
    else:
        complete_task(request.user, task)
    if not request.htmx:
        messages.success(request, f"Done: {task.title}." if task.done_at else f"Open again: {task.title}.")
    return _back(request, place, task.person if place == "person" else None)


@require_POST
def task_delete(request: OwnerRequest, pk: int) -> HttpResponse:
    """Delete a task for good."""
    task = _owned_task(request, pk)
    place = _place(request)
    person = task.person if place == "person" else None
    title = task.title
    delete_task(request.user, task)
    if not request.htmx:
        messages.success(request, f"Deleted the task “{title}”.")
    return _back(request, place, person)
