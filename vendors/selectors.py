"""Vendor-portal reads: the questionnaire's questions, a vendor's answers and library, the
consultant's invitation list, and the answers shown beside an analyst's criterion form."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from scorecard.models import Candidate, Engagement, Indicator
from scorecard.selectors.scope import indicators_in_scope
from vendors.models import EvidenceFile, Invitation, VendorAnswer, VendorQuestion


def question_for(indicator: Indicator) -> tuple[str, str]:
    """(question, evidence requested) as the vendor reads them: the indicator's vendor
    wording when written, else a question from its name. Never the rubric or the guidance
    (both are written for assessors and may hint at scores)."""
    wording = getattr(indicator, "vendor_question", None)
    if wording is not None:
        return wording.question, wording.evidence_requested
    return (
        _("Describe your practice for: %(name)s.") % {"name": indicator.name},
        _("Policies, procedures, reports or certificates that show it (optional)."),
    )


def questionnaire_indicators(engagement: Engagement) -> list[Indicator]:
    """Rated indicators in the engagement's scope, catalogue order, with their wording."""
    return list(
        indicators_in_scope(engagement)
        .rated()
        .select_related("criterion", "vendor_question")
        .order_by("criterion__order", "order", "code")
    )


def invitation_by_id(invitation_id: int) -> Invitation | None:
    return (
        Invitation.objects.select_related(
            "candidate__engagement", "candidate__provider", "candidate__primary_site__city"
        )
        .filter(pk=invitation_id)
        .first()
    )


def evidence_library(invitation: Invitation) -> QuerySet[EvidenceFile]:
    """The library of the invitation's provider in its engagement (shared by its invitations)."""
    return EvidenceFile.objects.filter(
        engagement_id=invitation.candidate.engagement_id,
        provider_id=invitation.candidate.provider_id,
    )


def answers_by_indicator(invitation: Invitation) -> dict[int, VendorAnswer]:
    return {
        answer.indicator_id: answer
        for answer in invitation.answers.prefetch_related(
            Prefetch("evidence", queryset=EvidenceFile.objects.order_by("pk"))
        )
    }


@dataclass
class QuestionRow:
    """One question of the questionnaire: ``question`` and ``evidence_requested`` as plain text
    in the active language (:func:`question_for`); ``wording`` the indicator's written vendor
    wording, if any, for pages that mark its English fallback (``translated`` filter)."""

    indicator: Indicator
    question: str
    evidence_requested: str
    answer: VendorAnswer | None
    cited: list[int] = field(default_factory=list)
    wording: VendorQuestion | None = None


def questionnaire_rows(invitation: Invitation) -> list[QuestionRow]:
    answers = answers_by_indicator(invitation)
    rows = []
    for indicator in questionnaire_indicators(invitation.candidate.engagement):
        question, requested = question_for(indicator)
        answer = answers.get(indicator.pk)
        cited = [e.pk for e in answer.evidence.all()] if answer else []
        wording = getattr(indicator, "vendor_question", None)
        rows.append(QuestionRow(indicator, question, requested, answer, cited, wording))
    return rows


def engagement_invitations(engagement: Engagement) -> QuerySet[Invitation]:
    return Invitation.objects.filter(candidate__engagement=engagement).select_related(
        "candidate__engagement", "candidate__provider", "candidate__primary_site__city"
    )


def invitation_in_engagement(engagement: Engagement, invitation_id: int) -> Invitation | None:
    return engagement_invitations(engagement).filter(pk=invitation_id).first()


def vendor_answers_for_candidate(candidate: Candidate) -> dict[int, VendorAnswer]:
    """The latest submitted answers of ``candidate``'s vendor, by indicator id (for the
    analyst's criterion page); empty when nothing was submitted."""
    invitation = (
        Invitation.objects.filter(candidate=candidate, submitted_at__isnull=False)
        .order_by("-submitted_at")
        .first()
    )
    return answers_by_indicator(invitation) if invitation else {}


def credential_evidence(invitation: Invitation) -> list[tuple[str, EvidenceFile]]:
    """(registration or certificate, the library file the vendor cited for it)."""
    from providers.models import CredentialKind

    cited = {
        kind: answers.get("evidence")
        for kind, answers in invitation.profile.get("credentials", {}).items()
        if answers.get("evidence")
    }
    files = evidence_library(invitation).in_bulk(list(cited.values()))
    return [
        (CredentialKind(kind).label, files[file_id])
        for kind, file_id in cited.items()
        if file_id in files
    ]
