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
from scorecard.models.stewardship import ImportOutcome, ImportRecord

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
    "ImportOutcome",
    "ImportRecord",
    "Indicator",
    "IndicatorKind",
    "IndicatorWeight",
    "MeasuredSource",
    "Membership",
    "PairwiseJudgement",
    "RankingMethod",
    "Role",
    "RubricLevel",
    "Score",
    "ScoreStatus",
    "WeightingMethod",
]
