"""Models of the evaluation app, one module per concern (split to stay readable)."""

from scorecard.models.assessment import (
    Assessment,
    AssessmentStatus,
    Confidence,
    Evidence,
    Score,
    ScoreStatus,
)
from scorecard.models.candidates import Candidate, DpaStatus
from scorecard.models.catalogue import (
    Criterion,
    GateDefinition,
    GateFact,
    GateOperator,
    Indicator,
    IndicatorKind,
    MeasuredSource,
    RubricLevel,
)
from scorecard.models.consensus import Consensus
from scorecard.models.costs import (
    CostAssumptions,
    RateCode,
    RateZone,
    StatutoryRate,
)
from scorecard.models.decisions import Decision, ImmutableDecision
from scorecard.models.engagement import (
    Aggregation,
    CriterionWeight,
    Engagement,
    IndicatorWeight,
    Membership,
    PairwiseJudgement,
    RankingMethod,
    ReportLanguage,
    Role,
    WeightingMethod,
)
from scorecard.models.invitations import Invitation
from scorecard.models.quotes import Currency, Quote, QuoteBasis
from scorecard.models.reports import Report, ReportStatus
from scorecard.models.risks import (
    LEGAL_BASIS,
    ComplianceCheck,
    ComplianceEvidence,
    ComplianceItem,
    ComplianceStatus,
    FlagReview,
    GovernancePlan,
    KpiDefinition,
    KpiTarget,
    Risk,
    RiskStatus,
)
from scorecard.models.stewardship import ImportOutcome, ImportRecord
from scorecard.models.waivers import GateWaiver

__all__ = [
    "LEGAL_BASIS",
    "Aggregation",
    "Assessment",
    "AssessmentStatus",
    "Candidate",
    "ComplianceCheck",
    "ComplianceEvidence",
    "ComplianceItem",
    "ComplianceStatus",
    "Confidence",
    "Consensus",
    "CostAssumptions",
    "Criterion",
    "CriterionWeight",
    "Currency",
    "Decision",
    "DpaStatus",
    "Engagement",
    "Evidence",
    "FlagReview",
    "GateDefinition",
    "GateFact",
    "GateOperator",
    "GateWaiver",
    "GovernancePlan",
    "ImmutableDecision",
    "ImportOutcome",
    "ImportRecord",
    "Indicator",
    "IndicatorKind",
    "IndicatorWeight",
    "Invitation",
    "KpiDefinition",
    "KpiTarget",
    "MeasuredSource",
    "Membership",
    "PairwiseJudgement",
    "Quote",
    "QuoteBasis",
    "RankingMethod",
    "RateCode",
    "RateZone",
    "Report",
    "ReportLanguage",
    "ReportStatus",
    "Risk",
    "RiskStatus",
    "Role",
    "RubricLevel",
    "Score",
    "ScoreStatus",
    "StatutoryRate",
    "WeightingMethod",
]
