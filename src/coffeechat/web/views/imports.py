"""Bringing contacts in on the web: upload a file, preview what would change, import it (downloads: exports.py).

An upload is kept under the home folder's ``uploads/`` with a random name while the user looks at the
preview; its name lives in the session so "Import" runs on the very file previewed. It is deleted once
imported, cancelled, replaced by another upload, or left for more than a day.
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coffeechat.formats.contact import FormatError
from coffeechat.services.errors import UserError
from coffeechat.services.imports import LABELS, ImportReport, import_contacts
from coffeechat.web.requests import OwnerRequest

SESSION_KEY = "coffeechat_upload"
MAX_UPLOAD_BYTES = 100 * 1024 * 1024  # a 30,000-row LinkedIn export is about 3 MB
STALE_SECONDS = 24 * 60 * 60
ERRORS_SHOWN = 50
SUFFIXES = (".csv", ".vcf", ".vcard", ".txt")


def uploads_folder() -> Path:
    """Where uploaded files wait for the user's confirmation: ``<home>/uploads``."""
    from coffeechat.home import home_folder, private_folder

    return private_folder(home_folder() / "uploads")  # 0700: uploads are the user's contacts


def _stored(name: str) -> Path | None:
    """The waiting upload of that name, or None; only a plain file name inside the uploads folder counts."""
    if not name or Path(name).name != name or name.startswith("."):
        return None
    path = uploads_folder() / name
    return path if path.is_file() else None


def _forget_upload(request: OwnerRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and (path := _stored(pending.get("file", ""))):
        path.unlink(missing_ok=True)


def _sweep_stale() -> None:
    """Delete uploads nobody confirmed within a day (a closed tab, a lost session)."""
    limit = time.time() - STALE_SECONDS
    for path in uploads_folder().iterdir():
        if path.is_file() and path.stat().st_mtime < limit:
            path.unlink(missing_ok=True)


def import_page(request: OwnerRequest) -> HttpResponse:
    """The upload form, the preview of a waiting upload, and the download links."""
    pending = request.session.get(SESSION_KEY)
    if pending and not _stored(pending.get("file", "")):
        request.session.pop(SESSION_KEY, None)
        pending = None
    return render(request, "coffeechat/import.html", _context(pending))


def _context(pending: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    return {"nav": "import", "formats": LABELS, "pending": pending, **extra}


@require_POST
def import_preview(request: OwnerRequest) -> HttpResponse:
    """Keep the uploaded file, run the import as a dry run, and show what it would change."""
    upload = request.FILES.get("file")
    chosen = request.POST.get("format", "")
    if upload is None or not upload.name:
        return _refuse(request, "Choose a file to upload first.")
    if chosen and chosen not in LABELS:
        return _refuse(request, f"{chosen!r} is not a format coffeechat reads.")
    if (upload.size or 0) > MAX_UPLOAD_BYTES:
        return _refuse(request, f"{upload.name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    _forget_upload(request)
    _sweep_stale()
    suffix = Path(upload.name).suffix.lower()
    stored = uploads_folder() / f"{secrets.token_hex(16)}{suffix if suffix in SUFFIXES else ''}"
    with os.fdopen(os.open(stored, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:  # the user's alone
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        report = _run(request, stored, chosen or None, upload.name, dry_run=True)
    except _Unreadable as problem:
        stored.unlink(missing_ok=True)
        return _refuse(request, str(problem))
    except BaseException:
        stored.unlink(missing_ok=True)  # never leave a file nobody can see behind, whatever went wrong
        raise
    pending = {"file": stored.name, "name": upload.name, "format": report.format, "label": LABELS[report.format],
               "guessed": not chosen, "report": _shown(report)}
    request.session[SESSION_KEY] = pending
    return render(request, "coffeechat/import.html", _context(pending))


def _shown(report: ImportReport) -> dict[str, Any]:
    """The report as the preview shows it (kept in the session, so long lists are cut)."""
    data = report.as_json()
    for key in ("errors", "warnings", "uncertain"):
        data[f"{key}_more"] = max(0, len(data[key]) - ERRORS_SHOWN)
        data[key] = data[key][:ERRORS_SHOWN]
    return data


class _Unreadable(Exception):
    """The file is not a contacts file coffeechat reads; the message names the file as the user knows it."""


def _run(request: OwnerRequest, path: Path, fmt: str | None, shown_name: str, *, dry_run: bool) -> ImportReport:
    try:
        return import_contacts(request.user, path, fmt, dry_run=dry_run)
    except FormatError as error:
        raise _Unreadable(f"{shown_name} was not imported: {error.message}") from error
    except UserError as error:  # e.g. Busy: another process held the database too long
        raise _Unreadable(f"{shown_name} was not imported: {error}") from error


def _refuse(request: OwnerRequest, problem: str) -> HttpResponse:
    return render(request, "coffeechat/import.html", _context(request.session.get(SESSION_KEY), problem=problem),
                  status=400)


@require_POST
def import_confirm(request: OwnerRequest) -> HttpResponse:
    """Import the previewed file for real, delete it, and show the people."""
    pending = request.session.get(SESSION_KEY)
    path = _stored(pending.get("file", "")) if pending else None
    if pending is None or path is None:
        request.session.pop(SESSION_KEY, None)
        messages.error(request, "There is no file waiting to be imported; upload it again.")
        return redirect("import")
    try:
        report = _run(request, path, pending["format"], pending["name"], dry_run=False)
    except _Unreadable as problem:
        _forget_upload(request)
        messages.error(request, str(problem))
        return redirect("import")
    _forget_upload(request)
    summary = (f"Imported {pending['name']} ({LABELS[report.format]}): {report.created} new, {report.updated} "
               f"updated, {report.unchanged} unchanged, {report.skipped} skipped.")
    messages.success(request, summary)
    if report.warnings:
        messages.warning(request, f"{len(report.warnings)} row(s) were imported with a warning; the preview "
                         "listed them (the command line's --json lists them all).")
    if report.uncertain:
        messages.info(request, f"{len(report.uncertain)} may be people you already had: see Duplicates.")
        return redirect("duplicates")
    return redirect("people")


@require_POST
def import_cancel(request: OwnerRequest) -> HttpResponse:
    """Drop the waiting upload without importing it."""
    _forget_upload(request)
    messages.success(request, "Nothing was imported; the uploaded file is deleted.")
    return redirect("import")
