"""The background job that builds a report (Django's tasks API, django-tasks backport).

Queued by the Reports page; run by ``manage.py db_worker`` (the database backend), or at once in
tests (the immediate backend). Everything the job learns goes on the :class:`Report` row: the
status page polls it.
"""

from __future__ import annotations

import logging
import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from scorecard.models import Report, ReportStatus

logger = logging.getLogger(__name__)


@task()
def generate_report(report_id: int) -> int:
    """Build the PDF of report ``report_id``, with its data pack and executive deck from the
    same data (one fingerprint), and store them; returns the PDF's page count (0 on failure,
    with the reason on the report)."""
    from scorecard.reports.build import build_report
    from scorecard.reports.layout import LayoutError

    if not isinstance(generate_report.get_backend(), ImmediateBackend):
        yield_cpu(settings.REPORT_NICENESS)  # in a worker, never in the web request that queued it
    report = Report.objects.select_related("engagement", "requested_by", "decision").get(
        pk=report_id
    )
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING)
    author = ""
    if report.requested_by is not None:
        author = report.requested_by.get_full_name() or report.requested_by.get_username()
    try:
        built = build_report(
            report.engagement,
            sections=report.sections,
            commentary=report.commentary,
            version=report.version,
            author=author,
            language=report.language,
            progress=report.set_progress,
            decision=report.decision,
            client_edition=report.client_edition,
            data_pack=True,
            deck=True,
        )
    except LayoutError as exc:
        _fail(report, str(exc))
        return 0
    except Exception as exc:  # a bug: keep the traceback in the log, a sentence on the report
        logger.exception("Report %s failed", report_id)
        _fail(
            report, _("The report could not be built (%(error)s).") % {"error": type(exc).__name__}
        )
        return 0
    with transaction.atomic():
        report.file.save(report.download_name, ContentFile(built.pdf), save=False)
        report.data_pack.save(
            report.download_name_for("xlsx"), ContentFile(built.data_pack), save=False
        )
        if built.deck:  # only with the summary among the sections
            report.deck.save(report.download_name_for("pptx"), ContentFile(built.deck), save=False)
        report.fingerprint = built.fingerprint
        report.page_count = built.pages
        report.status = ReportStatus.DONE
        report.progress, report.step = 100, _("Ready")
        report.finished_at = timezone.now()
        report.save(
            update_fields=[
                "file",
                "data_pack",
                "deck",
                "fingerprint",
                "page_count",
                "status",
                "progress",
                "step",
                "finished_at",
            ]
        )
    return built.pages


def yield_cpu(niceness: int) -> None:
    """Lower this process's CPU priority to ``niceness`` (never raise it back): a report worker
    sharing a machine with the web server then leaves the CPU to page views first. What the
    worker starts afterwards (Chromium for the charts, the layout child) inherits it."""
    if niceness and os.getpriority(os.PRIO_PROCESS, 0) < niceness:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)


def _fail(report: Report, message: str) -> None:
    report.status = ReportStatus.FAILED
    report.error = message
    report.step = _("Failed")
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "error", "step", "finished_at"])
