"""The centre's shared question bank and request templates (issue 15 §5), centre mode only.

Advisors and admins: "Shared bank" (add, change, delete). Students: "From your centre" (copy an item
into their own practice; their template copies, to edit). Ids travel in the form, never in the address.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from coffeechat.core.errors import NotFound
from coffeechat.core.question_bank import CATEGORIES
from coffeechat.models import Question
from coffeechat.web.requests import OwnerRequest
from coffeechat.web.roles import role_required


def _categories() -> list[tuple[str, str]]:
    from coffeechat.services.shared_bank import category_label

    return [(c, category_label(c)) for c in CATEGORIES]


@role_required("advisor", "admin")
def bank_page(request: OwnerRequest) -> HttpResponse:
    """The shared bank's editor: every item with its own form, and a form to add one."""
    from coffeechat.services.shared_bank import (
        SharedBankError,
        category_label,
        create_item,
        delete_item,
        edit_item,
        shared_items,
    )

    status = 200
    if request.method == "POST":
        data = request.POST
        action = data.get("action", "")
        try:
            if action == "add":
                create_item(request.user, data.get("kind", ""), data.get("text", ""),
                            category=data.get("category", ""), title=data.get("title", ""))
                done = "Added to the shared bank; students see it under From your centre."
            elif action == "edit":
                edit_item(request.user, data.get("item", ""), text=data.get("text", ""),
                          category=data.get("category"), title=data.get("title"))
                done = "Saved. Copies students already made stay as they are."
            elif action == "delete":
                delete_item(request.user, data.get("item", ""))
                done = "Deleted from the shared bank. Copies students made stay theirs."
            else:
                raise NotFound("no such action")
        except NotFound as error:
            raise Http404(str(error)) from error
        except SharedBankError as error:
            messages.error(request, str(error).capitalize() + ".")
            status = 400
        else:
            messages.success(request, done)
            return redirect("centre-bank")
    items = [(item, category_label(item.category)) for item in shared_items()]
    return render(request, "coffeechat/centre_bank.html",
                  {"items": items, "categories": _categories(), "data": request.POST, "nav": "bank"}, status=status)


@role_required("student")
def from_centre_page(request: OwnerRequest) -> HttpResponse:
    """What the centre shares, each with a Copy button; the student's own template copies, to edit."""
    from coffeechat.services.shared_bank import (
        SharedBankError,
        category_label,
        copy_item,
        delete_template_copy,
        edit_template_copy,
        shared_items,
        template_copies,
    )

    status = 200
    if request.method == "POST":
        data = request.POST
        action = data.get("action", "")
        try:
            if action == "copy":
                copy = copy_item(request.user, data.get("item", ""))
                done = ("Copied into your own questions: change it on the Questions page as you like."
                        if isinstance(copy, Question) else
                        "Copied: your own template is below, to change as you like.")
            elif action == "edit-copy":
                edit_template_copy(request.user, data.get("copy", ""), title=data.get("title", ""),
                                   text=data.get("text", ""))
                done = "Your copy is saved."
            elif action == "delete-copy":
                delete_template_copy(request.user, data.get("copy", ""))
                done = "Your copy is deleted."
            else:
                raise NotFound("no such action")
        except NotFound as error:
            raise Http404(str(error)) from error
        except SharedBankError as error:
            messages.error(request, str(error).capitalize() + ".")
            status = 400
        else:
            messages.success(request, done)
            return redirect("centre-from-centre")
    items = [(item, category_label(item.category)) for item in shared_items()]
    return render(request, "coffeechat/centre_from_centre.html",
                  {"items": items, "copies": template_copies(request.user), "nav": "from-centre"}, status=status)
