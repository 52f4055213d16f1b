"""A consultant generates a report from the engagement page and downloads it."""

from __future__ import annotations

import pytest

from scorecard.models import Report, ReportStatus, Role
from tests.factories import EngagementFactory, MembershipFactory, UserFactory
from tests.scorecard.reports.conftest import populate

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def engagement(settings, tmp_path):
    settings.REPORT_CHART_CACHE_DIR = tmp_path / "charts"
    engagement = EngagementFactory(name="Member care 2027", client_name="Aurora Health")
    consultant = UserFactory(username="carla", first_name="Carla", last_name="Consultant")
    analyst = UserFactory(username="ana")
    MembershipFactory(engagement=engagement, user=consultant, role=Role.CONSULTANT)
    MembershipFactory(engagement=engagement, user=analyst, role=Role.ANALYST)
    populate(engagement, analyst)
    return engagement


def test_consultant_generates_and_downloads_a_report(page, login, engagement, tmp_path):
    login("carla")
    page.goto(f"/engagements/{engagement.pk}/")
    page.get_by_role("link", name="Reports").click()
    for section in ("Scope and method", "Results", "City comparison", "Appendix"):
        page.get_by_label(section).uncheck()  # a short report keeps the test quick
    page.get_by_label("Executive commentary").fill("Alpha, on every count that matters.")
    # The test backend builds the report inside the request: on a loaded machine that takes
    # longer than a click's wait for the navigation, so the click does not wait and the
    # download link is awaited with a report-sized timeout instead.
    page.get_by_role("button", name="Generate report").click(no_wait_after=True)

    link = page.get_by_role("link", name="Download PDF")
    link.wait_for(timeout=600_000)
    with page.expect_download() as info:
        link.click()
    download = info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    report = Report.objects.get()
    assert download.suggested_filename == report.download_name
    assert path.read_bytes().startswith(b"%PDF")
    assert page.get_by_text(report.short_fingerprint).is_visible()
    assert page.js_errors == []


def test_reports_page_follows_a_running_report(page, login, engagement):
    report = Report.objects.create(
        engagement=engagement, status=ReportStatus.RUNNING, progress=40, step="Drawing charts"
    )
    login("carla")
    page.goto(f"/engagements/{engagement.pk}/reports/")
    assert page.get_by_text("Drawing charts").is_visible()

    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error="The report needs more memory than allowed."
    )

    page.get_by_text("The report needs more memory than allowed.").wait_for(timeout=10_000)
    assert page.js_errors == []
