"""Models of the evaluation app, one module per concern (split to stay readable)."""

from scorecard.models.assessment import (
    Assessment,
    AssessmentStatus,
    Confidence,
    Evidence,
    Score,
    ScoreStatus,
)
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
from scorecard.models.engagement import (
    Aggregation,
    Candidate,
    CriterionWeight,
    DpaStatus,
    Engagement,
    IndicatorWeight,
    Membership,
    PairwiseJudgement,
    RankingMethod,
    Role,
    WeightingMethod,
)
from scorecard.models.reports import Report, ReportStatus

__all__ = [
    "Aggregation",
    "Assessment",
    "AssessmentStatus",
    "Candidate",
    "Confidence",
    "Criterion",
    "CriterionWeight",
    "DpaStatus",
    "Engagement",
    "Evidence",
    "GateDefinition",
    "GateFact",
    "GateOperator",
    "Indicator",
    "IndicatorKind",
    "IndicatorWeight",
    "MeasuredSource",
    "Membership",
    "PairwiseJudgement",
    "RankingMethod",
    "Report",
    "ReportStatus",
    "Role",
    "RubricLevel",
    "Score",
    "ScoreStatus",
    "WeightingMethod",
]
