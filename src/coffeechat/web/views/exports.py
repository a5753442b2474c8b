"""Downloads of what the user owns: people as CSV and vCard, conversations as iCalendar, notes as a zip of
Markdown, and the whole practice as the JSON backup. Each is streamed or built once and sent as a file."""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from datetime import date
from pathlib import Path

from django.http import FileResponse, HttpResponse

from coffeechat.web.requests import OwnerRequest


def _today(request: OwnerRequest) -> date:
    from coffeechat.services.clock import now
    from coffeechat.services.exports import user_zone

    return now().astimezone(user_zone(request.user)).date()


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def download_people_csv(request: OwnerRequest) -> HttpResponse:
    """Your people as a spreadsheet-safe CSV."""
    from coffeechat.services.exports import write_people_csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    write_people_csv(request.user, response)
    return _attachment(response, f"coffeechat-people-{_today(request)}.csv")


def download_vcard(request: OwnerRequest) -> HttpResponse:
    """Your people as one vCard 4.0 file."""
    from coffeechat.services.vcard_export import write_vcard_stream

    response = HttpResponse(content_type="text/vcard; charset=utf-8")
    write_vcard_stream(request.user, response)
    return _attachment(response, f"coffeechat-contacts-{_today(request)}.vcf")


def download_calendar(request: OwnerRequest) -> HttpResponse:
    """Every scheduled conversation as one iCalendar file."""
    from coffeechat.services.scheduling import all_conversations_ics

    data, _ = all_conversations_ics(request.user)
    return _attachment(HttpResponse(data, content_type="text/calendar; charset=utf-8"),
                       f"coffeechat-conversations-{_today(request)}.ics")


def download_markdown(request: OwnerRequest) -> FileResponse:
    """The Markdown notes folder (one file per person and an index), as a .zip."""
    from coffeechat.services.exports import export_markdown

    name = f"coffeechat-notes-{_today(request)}"
    folder = Path(tempfile.mkdtemp(prefix="coffeechat-notes-"))
    try:
        export_markdown(request.user, folder)
        # Spooled: small archives stay in memory, big ones go to a temporary file, never both whole.
        archive = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for path in sorted(folder.iterdir()):
                bundle.write(path, f"{name}/{path.name}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    archive.seek(0)
    return FileResponse(archive, as_attachment=True, filename=f"{name}.zip", content_type="application/zip")


def download_backup(request: OwnerRequest) -> HttpResponse:
    """Everything you own as the JSON backup that `coffeechat restore` reads."""
    from coffeechat.services.backup import backup_json, default_backup_name

    text, _ = backup_json(request.user)
    return _attachment(HttpResponse(text, content_type="application/json; charset=utf-8"),
                       default_backup_name(request.user))
