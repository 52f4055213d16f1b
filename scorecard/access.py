"""Who may see and do what in an engagement.

Every engagement view starts with :func:`get_engagement_for_user`: outsiders get a 404 (an
engagement they are not in does not exist for them), members whose role does not allow the
action get a 403, anonymous users never get this far (LoginRequiredMiddleware).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from scorecard.domain.assessing import starts_assessments
from scorecard.domain.sealing import ScoreVisibility, sees_assessors
from scorecard.models import Engagement, Membership, Role
from scorecard.selectors.sealing import get_score_visibility

# Roles allowed each kind of action.
CONFIGURE = frozenset({Role.CONSULTANT})
ASSESS = frozenset({Role.CONSULTANT, Role.ANALYST})
VIEW_RESULTS = frozenset({Role.CONSULTANT, Role.ANALYST, Role.CLIENT_VIEWER})
EXPORT = frozenset({Role.CONSULTANT, Role.CLIENT_VIEWER})
ANY_MEMBER = VIEW_RESULTS
# Roles that see results only as published decisions (the latest one), never the live draft.
PUBLISHED_ONLY = frozenset({Role.CLIENT_VIEWER})
# Roles that see the live draft, every decision and the diffs between them.
VIEW_DRAFT = VIEW_RESULTS - PUBLISHED_ONLY


@dataclass(frozen=True)
class EngagementAccess:
    """An engagement with the requesting user's role in it."""

    engagement: Engagement
    role: str

    @property
    def can_configure(self) -> bool:
        return self.role in CONFIGURE

    @property
    def can_assess(self) -> bool:
        return self.role in ASSESS

    @property
    def can_export(self) -> bool:
        return self.role in EXPORT

    @property
    def sees_published_only(self) -> bool:
        return self.role in PUBLISHED_ONLY

    @property
    def is_consultant(self) -> bool:
        return self.role == Role.CONSULTANT

    @cached_property
    def starts_assessments(self) -> bool:
        """Whether this member may start an assessment of their own
        (:func:`scorecard.domain.assessing.starts_assessments`; one query for consultants)."""
        n_analysts = 0
        if self.role == Role.CONSULTANT:
            n_analysts = self.engagement.memberships.filter(role=Role.ANALYST).count()
        return starts_assessments(self.role, n_analysts)

    @property
    def sees_assessors(self) -> bool:
        """Assessors' names, notes and the agreement page (:mod:`scorecard.domain.sealing`)."""
        return sees_assessors(self.role)

    def score_visibility(self, user) -> ScoreVisibility:
        """What of the assessors' individual work ``user`` (this member) may see (one query
        for analysts while calibration is closed)."""
        return get_score_visibility(self.engagement, user=user, role=self.role)

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    @property
    def sections(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """The tabs grouped for the engagement menu: (group label, [(URL name, label)]), each
        group holding only what this role may open; a group of one is shown as a plain tab."""
        groups = [
            (_("Overview"), ["engagement-detail"]),
            (
                _("Set-up"),
                ["engagement-edit", "engagement-members", "candidate-list", "weights", "gates"],
            ),
            (_("Assessments"), ["assessment-list"]),
            (
                _("Results"),
                [
                    "results",
                    "results-compare",
                    "results-agreement",
                    "results-robustness",
                    "results-cities",
                    "decision-list",
                ],
            ),
            (_("Costs & risks"), ["costs", "compliance", "governance"]),
            (_("Reports"), ["report-list"]),
        ]
        tabs = {name: label for name, label, shown in self.tabs if shown}
        sections = []
        for group, names in groups:
            items = [(name, tabs[name]) for name in names if name in tabs]
            if items:
                sections.append((group, items))
        return sections

    @property
    def tabs(self) -> list[tuple[str, str, bool]]:
        """The engagement's sections: (URL name, label, shown to this role)."""
        return [
            ("engagement-detail", _("Overview"), True),
            ("engagement-edit", _("Scope"), self.can_configure),
            ("engagement-members", _("Members"), self.can_configure),
            ("candidate-list", _("Candidates"), True),
            ("weights", _("Weights"), True),
            ("gates", _("Gates"), True),
            ("assessment-list", _("Assessments"), self.can_assess),
            ("results", _("Ranking"), True),
            ("results-compare", _("Head-to-head"), True),
            ("results-agreement", _("Agreement"), self.sees_assessors),
            ("results-robustness", _("Robustness"), True),
            ("results-cities", _("Cities"), True),
            ("decision-list", _("Decisions"), True),
            ("costs", _("Costs"), True),
            ("compliance", _("Compliance & risks"), True),
            ("governance", _("Governance"), True),
            ("report-list", _("Reports"), self.can_export),
        ]


# Pages whose first word does not name their tab (see ``tab_of``).
TAB_ALIASES = {
    "risk": "compliance",
    "cost": "costs",
    "quote": "costs",
    "membership": "engagement-members",
    "invitation": "engagement-members",
}


def tab_of(url_name: str | None, names: Iterable[str]) -> str | None:
    """The tab a page belongs to, so the menu can highlight it: the page's own tab, else the
    one sharing its first word (``weights-ahp`` → ``weights``, ``candidate-add`` →
    ``candidate-list``, ``assessment-criterion`` → ``assessment-list``), else an alias."""
    names = list(names)
    if url_name in names:
        return url_name
    word = (url_name or "").split("-", 1)[0]
    alias = TAB_ALIASES.get(word, word)
    if alias in names:
        return alias
    matches = [name for name in names if name.split("-", 1)[0] == word]
    return matches[0] if len(matches) == 1 else None


def get_engagement_for_user(
    request: HttpRequest, engagement_id: int, roles: Iterable[str] = ANY_MEMBER
) -> EngagementAccess:
    """The engagement ``engagement_id`` if the user is a member with one of ``roles``.

    Raises ``Http404`` for non-members (and for ids that do not exist, indistinguishably) and
    ``PermissionDenied`` (403) for members whose role is not in ``roles``. One query.
    """
    membership = (
        Membership.objects.select_related("engagement")
        .filter(engagement_id=engagement_id, user_id=request.user.pk)
        .first()
    )
    if membership is None:
        raise Http404(_("No engagement found."))
    if membership.role not in frozenset(roles):
        raise PermissionDenied(_("Your role in this engagement does not allow this."))
    engagement = membership.engagement
    engagement.__dict__.setdefault("_roles", {})[request.user.pk] = membership.role
    return EngagementAccess(engagement=engagement, role=membership.role)
