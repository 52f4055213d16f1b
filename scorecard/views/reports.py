"""Reports: generate a PDF (with its data pack and deck) in the background, follow its
progress, download the files.

Consultants generate; consultants and client viewers list and download (``EXPORT``); analysts
get a 403 and outsiders a 404, like every engagement URL. Files are served only here, as
attachments; the data pack and the deck answer to exactly the check the PDF does.
"""

from __future__ import annotations

from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scorecard.access import CONFIGURE, EXPORT, get_engagement_for_user
from scorecard.domain.sealing import sees_assessors
from scorecard.forms.reports import ReportForm
from scorecard.models import Report, ReportStatus
from scorecard.models.reports import REPORT_FILE_BY_KIND
from scorecard.reports.sections import get_sections
from scorecard.uploads import private_download


def _reports(access):
    """The reports this member may list and download: client viewers only client editions
    (no assessors' names or notes, :func:`scorecard.domain.sealing.sees_assessors`)."""
    reports = access.engagement.reports
    return reports.all() if sees_assessors(access.role) else reports.filter(client_edition=True)


def _report_list(request: HttpRequest, access, form: ReportForm) -> HttpResponse:
    reports = list(_reports(access).for_list())
    titles = {s.key: s.title for s in get_sections([k for r in reports for k in r.sections])}
    return render(
        request,
        "scorecard/reports/report_list.html",
        {
            "access": access,
            "engagement": access.engagement,
            "form": form if access.can_configure else None,
            "reports": reports,
            "titles": titles,
        },
    )


@require_GET
def report_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, EXPORT)
    return _report_list(
        request, access, ReportForm(user=request.user, engagement=access.engagement)
    )


@require_POST
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    from scorecard.reports.tasks import generate_report

    access = get_engagement_for_user(request, pk, CONFIGURE)
    form = ReportForm(request.POST, user=request.user, engagement=access.engagement)
    if not form.is_valid():
        return _report_list(request, access, form)
    engagement = access.engagement
    latest = engagement.reports.aggregate(latest=Max("version"))["latest"] or 0
    report = Report.objects.create(
        engagement=engagement,
        requested_by=request.user,
        version=latest + 1,
        sections=[s.key for s in get_sections(form.cleaned_data["sections"])],
        commentary=form.cleaned_data["commentary"],
        language=form.cleaned_data["language"],
        client_edition=form.cleaned_data["client_edition"],
    )
    generate_report.enqueue(report.pk)
    return redirect(reverse("scorecard:report-list", kwargs={"pk": pk}) + f"#report-{report.pk}")


def _get_report(request: HttpRequest, pk: int, report_id: int) -> Report:
    access = get_engagement_for_user(request, pk, EXPORT)
    return get_object_or_404(_reports(access), pk=report_id)


@require_GET
def report_status(request: HttpRequest, pk: int, report_id: int) -> JsonResponse:
    report = _get_report(request, pk, report_id)
    done = report.status == ReportStatus.DONE and bool(report.file)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "step": report.step,
            "error": report.error,
            "finished": report.is_finished,
            "pages": report.page_count,
            "fingerprint": report.fingerprint,
            "download_url": reverse(
                "scorecard:report-download", kwargs={"pk": pk, "report_id": report.pk}
            )
            if done
            else None,
        }
    )


@require_GET
def report_download(
    request: HttpRequest, pk: int, report_id: int, kind: str = "pdf"
) -> FileResponse:
    """The report's PDF, or its ``xlsx`` data pack or ``pptx`` deck (``kind``)."""
    report = _get_report(request, pk, report_id)
    stored = report.stored_file(kind)
    if stored is None:
        raise Http404(_("This report is not ready."))
    return private_download(
        stored,
        filename=report.download_name_for(kind),
        content_type=REPORT_FILE_BY_KIND[kind].content_type,
    )
