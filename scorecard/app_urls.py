"""URLs of the evaluation app (namespace ``scorecard``), all under /engagements/."""

from django.urls import path

from scorecard.views import assessments, engagements, reports, results

app_name = "scorecard"
urlpatterns = [
    path("new/", engagements.engagement_create, name="engagement-create"),
    path("<int:pk>/", engagements.engagement_detail, name="engagement-detail"),
    path("<int:pk>/edit/", engagements.engagement_edit, name="engagement-edit"),
    path("<int:pk>/members/", engagements.engagement_members, name="engagement-members"),
    path(
        "<int:pk>/members/<int:membership_id>/",
        engagements.membership_update,
        name="membership-update",
    ),
    path("<int:pk>/logo/", engagements.engagement_logo, name="engagement-logo"),
    path("<int:pk>/results/", results.results_dashboard, name="results"),
    path("<int:pk>/results/compare/", results.results_compare, name="results-compare"),
    path("<int:pk>/results/agreement/", results.results_agreement, name="results-agreement"),
    path("<int:pk>/results/robustness/", results.results_robustness, name="results-robustness"),
    path("<int:pk>/results/what-if/", results.results_whatif, name="results-whatif"),
    path("<int:pk>/results/cities/", results.results_cities, name="results-cities"),
    path("<int:pk>/export/ranking/", results.export_ranking, name="export-ranking"),
    path("<int:pk>/export/scores/", results.export_scores, name="export-scores"),
    # PDF reports (built by a background job)
    path("<int:pk>/reports/", reports.report_list, name="report-list"),
    path("<int:pk>/reports/new/", reports.report_create, name="report-create"),
    path("<int:pk>/reports/<int:report_id>/status/", reports.report_status, name="report-status"),
    path(
        "<int:pk>/reports/<int:report_id>/download/",
        reports.report_download,
        name="report-download",
    ),
    # Assessments (one per candidate and assessor)
    path(
        "<int:pk>/candidates/<int:candidate_id>/assess/",
        assessments.assessment_start,
        name="assessment-start",
    ),
    path("<int:pk>/assessments/", assessments.assessment_list, name="assessment-list"),
    path(
        "<int:pk>/assessments/<int:assessment_id>/",
        assessments.assessment_detail,
        name="assessment-detail",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_id>/criteria/<slug:criterion_code>/",
        assessments.assessment_criterion,
        name="assessment-criterion",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_id>/submit/",
        assessments.assessment_submit,
        name="assessment-submit",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_id>/reopen/",
        assessments.assessment_reopen,
        name="assessment-reopen",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_id>/history/",
        assessments.assessment_history,
        name="assessment-history",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_id>/evidence/<int:evidence_id>/",
        assessments.evidence_download,
        name="evidence-download",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_id>/evidence/<int:evidence_id>/delete/",
        assessments.evidence_delete,
        name="evidence-delete",
    ),
]
