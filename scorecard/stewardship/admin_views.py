"""Admin pages to export reference tables and import them: upload → preview → confirm →
follow the background job applying it.

The uploaded file waits in ``IMPORT_PENDING_DIR`` under a random token kept in the session,
so the confirmation applies exactly the bytes that were previewed (their SHA-256 is checked).
Confirming queues the job (:func:`scorecard.stewardship.tasks.apply_import`), which validates
the file again against the database as it is then and writes it in chunks; the progress page
polls the job's JSON status. One import is applied at a time.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from scorecard.models import UNFINISHED_OUTCOMES, ImportOutcome, ImportRecord
from scorecard.stewardship.exporter import export_csv, export_xlsx
from scorecard.stewardship.importer import MAX_REPORTED_ERRORS, import_file
from scorecard.stewardship.permissions import can_import_reference_data
from scorecard.stewardship.resources import RESOURCES, RESOURCES_BY_NAME
from scorecard.stewardship.writer import NothingToRollBack, stop_and_roll_back

SESSION_KEY = "stewardship_pending_imports"
PENDING_MAX_AGE = 24 * 3600
MAX_PREVIEW_ROWS = 300
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))
    table = forms.ChoiceField(
        label=gettext_lazy("Table (CSV only)"),
        required=False,
        choices=[("", gettext_lazy("From the file name or sheet names"))]
        + [(r.name, r.name) for r in RESOURCES],
    )


def export_view(request: HttpRequest, admin_site) -> HttpResponse:
    """``?table=NAME&format=csv`` downloads one table; ``format=xlsx`` without a table, all."""
    fmt = request.GET.get("format")
    name = request.GET.get("table", "")
    if fmt == "csv" and name in RESOURCES_BY_NAME:
        response = HttpResponse(export_csv(RESOURCES_BY_NAME[name]), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        resources = [RESOURCES_BY_NAME[name]] if name in RESOURCES_BY_NAME else RESOURCES
        response = HttpResponse(export_xlsx(resources), content_type=XLSX_TYPE)
        filename = name or "reference-data"
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    context = {
        **admin_site.each_context(request),
        "title": _("Export reference data"),
        "resources": RESOURCES,
        "can_import": can_import_reference_data(request.user),
    }
    return TemplateResponse(request, "admin/stewardship/export.html", context)


def import_view(request: HttpRequest, admin_site) -> HttpResponse:
    """Upload and preview (POST with a file), or apply a previewed file (POST with a token)."""
    if not can_import_reference_data(request.user):
        raise PermissionDenied
    context = {
        **admin_site.each_context(request),
        "title": _("Import reference data"),
        "running": _running_import(),
    }
    form = ImportForm(initial={"table": request.GET.get("table", "")})
    if request.method == "POST" and "token" in request.POST:
        return _apply(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.IMPORT_MAX_BYTES:
                # Refused (and recorded) without reading a file that is too big.
                data = upload.read(settings.IMPORT_MAX_BYTES + 1)
            else:
                data = upload.read()
            table = form.cleaned_data["table"] or None
            result = import_file(name=upload.name, data=data, resource=table, user=request.user)
            context["result"] = result
            context["max_errors"] = MAX_REPORTED_ERRORS
            context["preview_rows"] = MAX_PREVIEW_ROWS
            if result.ok and (result.total("new") or result.total("changed")):
                context["token"] = _keep(request, upload.name, table, data, result.changes_digest)
    context["form"] = form
    return TemplateResponse(request, "admin/stewardship/import.html", context)


def _pending_dir() -> Path:
    directory = Path(settings.IMPORT_PENDING_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _keep(request: HttpRequest, name: str, table: str | None, data: bytes, changes: str) -> str:
    directory = _pending_dir()
    _forget_abandoned(directory)
    token = secrets.token_hex(16)
    (directory / token).write_bytes(data)
    pending = request.session.get(SESSION_KEY, {})
    pending[token] = {
        "name": name,
        "table": table,
        "sha256": hashlib.sha256(data).hexdigest(),
        "changes": changes,
    }
    request.session[SESSION_KEY] = pending
    return token


def _forget_abandoned(directory: Path) -> None:
    """Delete files previewed but never confirmed, after PENDING_MAX_AGE seconds."""
    cutoff = time.time() - PENDING_MAX_AGE
    for path in directory.iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _running_import() -> ImportRecord | None:
    """The import queued or being applied, if any."""
    return ImportRecord.objects.filter(outcome__in=UNFINISHED_OUTCOMES).order_by("pk").first()


def _apply(request: HttpRequest) -> HttpResponse:
    """Queue the previewed file for the background job; follow it on its progress page."""
    from scorecard.stewardship.tasks import apply_import

    running = _running_import()
    if running is not None:
        messages.error(
            request,
            _("Another import is being applied. Wait until it finishes, then apply this one."),
        )
        return redirect(reverse("admin:scorecard_importrecord_progress", args=[running.pk]))
    token = request.POST["token"]
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    if entry is None or not token.isalnum():
        raise Http404(_("This preview has expired; upload the file again."))
    path = _pending_dir() / token
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise Http404(_("This preview has expired; upload the file again.")) from None
    finally:
        path.unlink(missing_ok=True)
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise Http404(_("This preview has expired; upload the file again."))
    record = ImportRecord(
        user=request.user,
        file_name=entry["name"][:255],
        file_sha256=entry["sha256"],
        file_size=len(data),
        outcome=ImportOutcome.QUEUED,
        step=_("Queued"),
    )
    suffix = ".xlsx" if entry["name"].lower().endswith(".xlsx") else ".csv"
    record.upload.save(token + suffix, ContentFile(data), save=False)
    record.save()
    apply_import.enqueue(record.pk, entry["table"], entry["changes"])
    return redirect(reverse("admin:scorecard_importrecord_progress", args=[record.pk]))


def _get_import(request: HttpRequest, record_id: int) -> ImportRecord:
    if not can_import_reference_data(request.user):
        raise PermissionDenied
    return get_object_or_404(ImportRecord, pk=record_id)


def progress_view(request: HttpRequest, admin_site, record_id: int) -> HttpResponse:
    """One import: its progress while queued or applying (the page polls :func:`status_view`),
    its outcome afterwards."""
    record = _get_import(request, record_id)
    context = {
        **admin_site.each_context(request),
        "title": _("Import of %(name)s") % {"name": record.file_name},
        "record": record,
        "status_url": reverse("admin:scorecard_importrecord_status", args=[record.pk]),
        "stalled": record.is_stalled(),
        "stalled_after": settings.IMPORT_STALLED_AFTER_MINUTES,
    }
    return TemplateResponse(request, "admin/stewardship/import_progress.html", context)


def status_view(request: HttpRequest, admin_site, record_id: int) -> JsonResponse:
    """The import's state as JSON, for the progress page."""
    record = _get_import(request, record_id)
    return JsonResponse(
        {
            "outcome": record.outcome,
            "outcome_label": record.get_outcome_display(),
            "progress": record.progress,
            "step": record.step,
            "chunks": record.chunks,
            "finished": record.is_finished,
            "stalled": record.is_stalled(),
            "applied": record.outcome == ImportOutcome.APPLIED,
            "new": record.created,
            "changed": record.updated,
            "unchanged": record.unchanged,
            "message": record.message,
        }
    )


@require_POST
def roll_back_view(request: HttpRequest, admin_site, record_id: int) -> HttpResponse:
    """Stop an import that has stopped moving (its worker is gone) and roll back what it wrote.
    An import still moving is left alone: it finishes, or fails and rolls itself back."""
    record = _get_import(request, record_id)
    progress_url = reverse("admin:scorecard_importrecord_progress", args=[record.pk])
    if not record.is_stalled():
        messages.error(
            request,
            _(
                "This import is not stalled, so it was left alone: it can be stopped only after "
                "%(minutes)d minutes without progress."
            )
            % {"minutes": settings.IMPORT_STALLED_AFTER_MINUTES},
        )
        return redirect(progress_url)
    try:
        undone = stop_and_roll_back(
            record,
            note=_("Stopped and rolled back by %(user)s after it stalled.")
            % {"user": request.user.get_username()},
        )
    except NothingToRollBack:  # finished meanwhile
        return redirect(progress_url)
    if undone:
        done = ngettext(
            "The import was stopped; %(n)d chunk it had written was rolled back.",
            "The import was stopped; %(n)d chunks it had written were rolled back.",
            undone,
        ) % {"n": undone}
    else:
        done = _("The import was stopped; it had written nothing that needed rolling back.")
    messages.success(request, done)
    return redirect(progress_url)
