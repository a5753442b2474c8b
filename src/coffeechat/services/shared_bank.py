"""The centre's shared question bank and request templates (issue 15 §5): written by advisors, copied by
students, who then own and edit their copy.

Advisors (and admins) add, change and delete ``SharedItem`` rows. A student never changes a shared item;
they **copy** one into their own practice:

- a question becomes one of the student's own questions (a ``Question`` row, as ``services/questions``
  adds one), so the planner offers it and the Questions page edits it like any other;
- a request template becomes a note of the student's own (a ``Note`` about nobody, whose first line is
  ``Request template: <title>``): coffeechat's own templates are built in (``core/request_templates``)
  and a user cannot own one, so the copy is kept as text the student edits on the "From your centre" page
  and pastes into the composer. A note travels in the student's backup and export like any other.

A copy is independent from the moment it is made: changing or deleting the shared item never touches it.
Only centre accounts use any of this (the faces show it in centre mode only).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from coffeechat.core.errors import NotFound, UserError
from coffeechat.core.question_bank import CATEGORIES
from coffeechat.models import Note, Question
from coffeechat.models.centre import Role, SharedItem
from coffeechat.services.centre_accounts import role_of
from coffeechat.services.questions import CATEGORY_LABELS, QuestionError, add_question

if TYPE_CHECKING:
    from django.contrib.auth.models import User

TEMPLATE_MARK = "Request template: "
WRITERS = (Role.ADVISOR, Role.ADMIN)
TITLE_LIMIT = 200
TEXT_LIMIT = 5000


class SharedBankError(UserError):
    """A shared item (or a copy) that cannot be saved as typed; the message says why."""


class NotAWriter(SharedBankError):
    """Only advisors and admins write the centre's shared bank."""


@dataclass(frozen=True)
class TemplateCopy:
    """A student's own copy of a shared request template (kept as a note)."""

    id: int
    title: str
    text: str


def can_write(user: Any) -> bool:
    """True for the advisors and admins who keep the shared bank."""
    return role_of(user) in WRITERS


def _require_writer(user: Any) -> None:
    if not can_write(user):
        raise NotAWriter("only advisors and admins can change the centre's shared bank")


def _require_student(user: Any) -> None:
    if role_of(user) != Role.STUDENT:
        raise SharedBankError("only students copy from the centre's bank into their own practice")


def _cleaned(kind: str, text: str, category: str, title: str) -> tuple[str, str, str, str]:
    """The fields as they will be stored, or SharedBankError naming the wrong one."""
    kind = (kind or "").strip().lower()
    if kind not in SharedItem.Kind.values:
        raise SharedBankError(f"kind must be {' or '.join(SharedItem.Kind.values)}")
    title = " ".join((title or "").split())
    if len(title) > TITLE_LIMIT:
        raise SharedBankError(f"the title is longer than {TITLE_LIMIT} characters")
    if kind == SharedItem.Kind.QUESTION:
        text = " ".join((text or "").split())
        if not text:
            raise SharedBankError("a question needs some words")
        if not text.endswith("?"):
            text += "?"
        category = (category or "").strip()
        if category not in CATEGORIES:
            raise SharedBankError(f"category must be one of {', '.join(CATEGORIES)}")
    else:
        text = (text or "").strip().replace("\r\n", "\n")
        if not text:
            raise SharedBankError("a request template needs its text")
        if not title:
            raise SharedBankError("a request template needs a title, so students can tell them apart")
        category = ""
    if len(text) > TEXT_LIMIT:
        raise SharedBankError(f"the text is longer than {TEXT_LIMIT} characters")
    return kind, text, category, title


# --- what everyone reads -----------------------------------------------------------------------------


def shared_items(kind: str = "") -> list[SharedItem]:
    """The centre's shared items (questions first, by category), optionally of one kind."""
    items = SharedItem.objects.all()
    if kind:
        items = items.filter(kind=kind)
    return list(items.order_by("kind", "category", "id"))


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category)


def _item(pk: Any) -> SharedItem:
    text = str(pk).strip()
    found = SharedItem.objects.filter(pk=int(text)).first() if text.isdigit() else None
    if found is None:
        raise NotFound(f"no shared item {text or '(none)'}")
    return found


# --- advisors and admins write ---------------------------------------------------------------------


@transaction.atomic
def create_item(author: User, kind: str, text: str, *, category: str = "", title: str = "") -> SharedItem:
    """Add a question (with a category of the question bank) or a request template (with a title)."""
    _require_writer(author)
    kind, text, category, title = _cleaned(kind, text, category, title)
    return SharedItem.objects.create(author=author, kind=kind, text=text, category=category, title=title)


@transaction.atomic
def edit_item(user: User, pk: Any, *, text: str | None = None, category: str | None = None,
              title: str | None = None) -> SharedItem:
    """Change a shared item (any advisor or admin may); students' copies stay as they are."""
    _require_writer(user)
    item = _item(pk)
    SharedItem.objects.select_for_update().filter(pk=item.pk).first()
    _, item.text, item.category, item.title = _cleaned(
        item.kind, item.text if text is None else text, item.category if category is None else category,
        item.title if title is None else title)
    item.save()
    return item


@transaction.atomic
def delete_item(user: User, pk: Any) -> None:
    """Remove a shared item; the copies students made stay theirs."""
    _require_writer(user)
    _item(pk).delete()


# --- students copy --------------------------------------------------------------------------------


def _template_note_body(title: str, text: str) -> str:
    return f"{TEMPLATE_MARK}{' '.join(title.split())}\n\n{text.strip()}"


def _template_notes(student: User) -> Any:
    return (Note.objects.owned_by(student)
            .filter(person__isnull=True, conversation__isnull=True, goal__isnull=True,
                    body__startswith=TEMPLATE_MARK))


def _as_copy(note: Note) -> TemplateCopy:
    first, _, rest = note.body.partition("\n")
    return TemplateCopy(id=note.pk, title=first[len(TEMPLATE_MARK):].strip(), text=rest.strip())


def template_copies(student: User) -> list[TemplateCopy]:
    """The request templates the student copied (and maybe changed since), oldest first."""
    return [_as_copy(note) for note in _template_notes(student).order_by("id")]


@transaction.atomic
def copy_item(student: User, pk: Any) -> Question | TemplateCopy:
    """Copy a shared item into the student's own practice: a question of their own, or a template copy.

    Copying the same item twice, unchanged, is refused (the student already has it)."""
    _require_student(student)
    item = _item(pk)
    if item.kind == SharedItem.Kind.QUESTION:
        if Question.objects.owned_by(student).filter(bank_key="", goal__isnull=True, text=item.text).exists():
            raise SharedBankError("you already have this question in your own bank (Questions page)")
        try:
            return add_question(student, item.text, item.category)
        except QuestionError as error:
            raise SharedBankError(str(error)) from error
    body = _template_note_body(item.title, item.text)
    if _template_notes(student).filter(body=body).exists():
        raise SharedBankError(f"you already have a copy of the template {item.title!r}")
    return _as_copy(Note.objects.create(owner=student, body=body))


@transaction.atomic
def edit_template_copy(student: User, pk: Any, *, title: str, text: str) -> TemplateCopy:
    """Change the student's own copy of a template (theirs to word as they like)."""
    text_pk = str(pk).strip()
    note = (_template_notes(student).select_for_update().filter(pk=int(text_pk)).first()
            if text_pk.isdigit() else None)
    if note is None:
        raise NotFound(f"no template copy {text_pk or '(none)'} of yours")
    title = " ".join((title or "").split())
    if not title:
        raise SharedBankError("your copy needs a title")
    if not (text or "").strip():
        raise SharedBankError("your copy needs its text (delete it instead?)")
    note.body = _template_note_body(title[:TITLE_LIMIT], text.replace("\r\n", "\n")[:TEXT_LIMIT])
    note.save(update_fields=["body", "updated_at"])
    return _as_copy(note)


@transaction.atomic
def delete_template_copy(student: User, pk: Any) -> None:
    """Delete the student's own copy of a template."""
    text_pk = str(pk).strip()
    note = _template_notes(student).filter(pk=int(text_pk)).first() if text_pk.isdigit() else None
    if note is None:
        raise NotFound(f"no template copy {text_pk or '(none)'} of yours")
    note.delete()


def item_as_json(item: SharedItem) -> dict[str, Any]:
    return {"id": item.pk, "kind": item.kind, "category": item.category, "title": item.title, "text": item.text}
