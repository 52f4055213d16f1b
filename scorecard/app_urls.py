"""URLs of the evaluation app (namespace ``scorecard``), all under /engagements/."""

from django.urls import path, register_converter

from scorecard.converters import IdConverter
from scorecard.views import (
    assessment_status,
    assessments,
    calibration,
    compliance,
    costs,
    decisions,
    engagements,
    exports,
    governance,
    reports,
    results,
    risks,
    setup,
)

# Every id in an engagement's URLs: at most 18 digits, so none overflows a primary key.
register_converter(IdConverter, "id")

app_name = "scorecard"
urlpatterns = [
    path("new/", engagements.engagement_create, name="engagement-create"),
    path("<id:pk>/", engagements.engagement_detail, name="engagement-detail"),
    path("<id:pk>/edit/", engagements.engagement_edit, name="engagement-edit"),
    path("<id:pk>/members/", engagements.engagement_members, name="engagement-members"),
    path(
        "<id:pk>/invitations/<id:invitation_id>/revoke/",
        engagements.invitation_revoke,
        name="invitation-revoke",
    ),
    path(
        "<id:pk>/members/<id:membership_id>/",
        engagements.membership_update,
        name="membership-update",
    ),
    path("<id:pk>/logo/", engagements.engagement_logo, name="engagement-logo"),
    path("<id:pk>/results/", results.results_dashboard, name="results"),
    path("<id:pk>/results/compare/", results.results_compare, name="results-compare"),
    path("<id:pk>/results/agreement/", calibration.results_agreement, name="results-agreement"),
    path(
        "<id:pk>/results/calibration/open/",
        calibration.calibration_open,
        name="calibration-open",
    ),
    path("<id:pk>/results/robustness/", results.results_robustness, name="results-robustness"),
    path("<id:pk>/results/what-if/", results.results_whatif, name="results-whatif"),
    path("<id:pk>/results/cities/", results.results_cities, name="results-cities"),
    path("<id:pk>/decisions/", decisions.decision_list_view, name="decision-list"),
    path("<id:pk>/decisions/publish/", decisions.decision_publish, name="decision-publish"),
    path("<id:pk>/decisions/<id:number>/", decisions.decision_detail, name="decision-detail"),
    path("<id:pk>/decisions/<id:number>/diff/", decisions.decision_diff, name="decision-diff"),
    path(
        "<id:pk>/decisions/<id:number>/report/",
        decisions.decision_report,
        name="decision-report",
    ),
    path("<id:pk>/export/ranking/", exports.export_ranking, name="export-ranking"),
    path("<id:pk>/export/scores/", exports.export_scores, name="export-scores"),
    # Costs, compliance & risks, governance
    path("<id:pk>/costs/", costs.costs_overview, name="costs"),
    path("<id:pk>/costs/assumptions/", costs.cost_assumptions_edit, name="cost-assumptions"),
    path("<id:pk>/costs/<id:candidate_id>/", costs.candidate_costs, name="candidate-costs"),
    path("<id:pk>/costs/<id:candidate_id>/quote/", costs.quote_edit, name="quote-edit"),
    path("<id:pk>/compliance/", compliance.compliance_overview, name="compliance"),
    path(
        "<id:pk>/compliance/<id:candidate_id>/<slug:item>/",
        compliance.compliance_check_edit,
        name="compliance-check",
    ),
    path(
        "<id:pk>/compliance/<id:candidate_id>/<slug:item>/files/<id:file_id>/",
        compliance.compliance_file,
        name="compliance-file-download",
    ),
    path("<id:pk>/risks/new/", risks.risk_edit, name="risk-create"),
    path("<id:pk>/risks/<id:risk_id>/", risks.risk_edit, name="risk-edit"),
    path("<id:pk>/risks/<id:risk_id>/delete/", risks.risk_delete, name="risk-delete"),
    path(
        "<id:pk>/flags/<id:candidate_id>/<slug:code>/",
        risks.flag_review,
        name="flag-review",
    ),
    path("<id:pk>/governance/", governance.governance, name="governance"),
    path("<id:pk>/governance/edit/", governance.governance_edit, name="governance-edit"),
    # PDF reports (built by a background job)
    path("<id:pk>/reports/", reports.report_list, name="report-list"),
    path("<id:pk>/reports/new/", reports.report_create, name="report-create"),
    path("<id:pk>/reports/<id:report_id>/status/", reports.report_status, name="report-status"),
    path(
        "<id:pk>/reports/<id:report_id>/download/",
        reports.report_download,
        name="report-download",
    ),
    path(
        "<id:pk>/reports/<id:report_id>/download/<slug:kind>/",
        reports.report_download,
        name="report-file",
    ),
    # Assessments (one per candidate and assessor)
    path(
        "<id:pk>/candidates/<id:candidate_id>/assess/",
        assessments.assessment_start,
        name="assessment-start",
    ),
    path("<id:pk>/assessments/", assessments.assessment_list, name="assessment-list"),
    path(
        "<id:pk>/assessments/<id:assessment_id>/",
        assessments.assessment_detail,
        name="assessment-detail",
    ),
    path(
        "<id:pk>/assessments/<id:assessment_id>/criteria/<slug:criterion_code>/",
        assessments.assessment_criterion,
        name="assessment-criterion",
    ),
    path(
        "<id:pk>/assessments/<id:assessment_id>/submit/",
        assessment_status.assessment_submit,
        name="assessment-submit",
    ),
    path(
        "<id:pk>/assessments/<id:assessment_id>/reopen/",
        assessment_status.assessment_reopen,
        name="assessment-reopen",
    ),
    path(
        "<id:pk>/assessments/<id:assessment_id>/due/",
        assessment_status.assessment_due,
        name="assessment-due",
    ),
    path(
        "<id:pk>/assessments/<id:assessment_id>/history/",
        assessments.assessment_history,
        name="assessment-history",
    ),
    path(
        "<id:pk>/assessments/<id:assessment_id>/evidence/<id:evidence_id>/",
        assessments.evidence_download,
        name="evidence-download",
    ),
    path(
        "<id:pk>/assessments/<id:assessment_id>/evidence/<id:evidence_id>/delete/",
        assessments.evidence_delete,
        name="evidence-delete",
    ),
    path("<id:pk>/candidates/", setup.candidate_list, name="candidate-list"),
    path("<id:pk>/candidates/add/", setup.candidate_add, name="candidate-add"),
    path(
        "<id:pk>/candidates/<id:candidate_id>/edit/",
        setup.candidate_edit,
        name="candidate-edit",
    ),
    path(
        "<id:pk>/candidates/<id:candidate_id>/remove/",
        setup.candidate_remove,
        name="candidate-remove",
    ),
    path("<id:pk>/weights/", setup.weights, name="weights"),
    path("<id:pk>/weights/ahp/", setup.weights_ahp, name="weights-ahp"),
    path("<id:pk>/gates/", setup.gates, name="gates"),
    path("<id:pk>/gates/waivers/", setup.gate_waiver_add, name="gate-waiver-add"),
    path(
        "<id:pk>/gates/waivers/<id:waiver_id>/withdraw/",
        setup.gate_waiver_withdraw,
        name="gate-waiver-withdraw",
    ),
]
