"""URLs of the evaluation app (namespace ``scorecard``), all under /engagements/."""

from django.urls import path

from scorecard.views import (
    assessments,
    compliance,
    costs,
    engagements,
    governance,
    reports,
    results,
    risks,
    setup,
)

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
    # Costs, compliance & risks, governance
    path("<int:pk>/costs/", costs.costs_overview, name="costs"),
    path("<int:pk>/costs/assumptions/", costs.cost_assumptions_edit, name="cost-assumptions"),
    path("<int:pk>/costs/<int:candidate_id>/", costs.candidate_costs, name="candidate-costs"),
    path("<int:pk>/costs/<int:candidate_id>/quote/", costs.quote_edit, name="quote-edit"),
    path("<int:pk>/compliance/", compliance.compliance_overview, name="compliance"),
    path(
        "<int:pk>/compliance/<int:candidate_id>/<slug:item>/",
        compliance.compliance_check_edit,
        name="compliance-check",
    ),
    path("<int:pk>/risks/new/", risks.risk_edit, name="risk-create"),
    path("<int:pk>/risks/<int:risk_id>/", risks.risk_edit, name="risk-edit"),
    path("<int:pk>/risks/<int:risk_id>/delete/", risks.risk_delete, name="risk-delete"),
    path("<int:pk>/governance/", governance.governance, name="governance"),
    path("<int:pk>/governance/edit/", governance.governance_edit, name="governance-edit"),
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
    path("<int:pk>/candidates/", setup.candidate_list, name="candidate-list"),
    path("<int:pk>/candidates/add/", setup.candidate_add, name="candidate-add"),
    path(
        "<int:pk>/candidates/<int:candidate_id>/edit/",
        setup.candidate_edit,
        name="candidate-edit",
    ),
    path(
        "<int:pk>/candidates/<int:candidate_id>/remove/",
        setup.candidate_remove,
        name="candidate-remove",
    ),
    path("<int:pk>/weights/", setup.weights, name="weights"),
    path("<int:pk>/weights/ahp/", setup.weights_ahp, name="weights-ahp"),
    path("<int:pk>/gates/", setup.gates, name="gates"),
]
