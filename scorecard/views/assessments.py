"""Assessments: start, list, overview, one form per criterion, submit, reopen, history, evidence.

Who sees what: consultants and analysts assess (their own assessment per candidate, edited only
by its assessor); consultants also see everyone's assessments read-only and reopen submitted
ones; an analyst who opens another assessor's assessment gets 403 (a member, but the role does
not allow it); client viewers see results only, so every page here answers them 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scorecard.access import ASSESS, EngagementAccess, get_engagement_for_user
from scorecard.forms.assessment_status import DueDateForm, StatusChangeForm
from scorecard.forms.assessments import RUBRIC_RULE, CriterionScoresForm
from scorecard.models import Assessment, Confidence, Engagement, Evidence, Score
from scorecard.ranking.measures import candidates_for_measures, measured_figure
from scorecard.selectors.assessments import (
    CriterionSheet,
    get_assessment_list,
    get_assessment_progress,
    get_criterion_sheet,
)
from scorecard.selectors.history import get_assessment_history
from scorecard.selectors.scope import criteria_in_scope
from scorecard.services.assessments import (
    AssessmentLocked,
    StaleScores,
    save_criterion_scores,
)
from scorecard.uploads import private_download
from vendors.selectors import vendor_answers_for_candidate


def _get_assessment_for_user(
    request: HttpRequest, pk: int, assessment_id: int, *, edit: bool = False
) -> tuple[EngagementAccess, Assessment]:
    """The assessment if the user may see it (``edit``: change it); 404 outside the
    engagement, 403 for client viewers, for analysts on others' assessments while they are
    sealed for them (:mod:`scorecard.domain.sealing`), and for anyone but the assessor when
    ``edit``."""
    access = get_engagement_for_user(request, pk, ASSESS)
    assessment = get_object_or_404(
        Assessment.objects.select_related(
            "assessor",
            "candidate__engagement",
            "candidate__provider",
            "candidate__primary_site__city",
        ),
        pk=assessment_id,
        candidate__engagement=access.engagement,
    )
    is_own = assessment.assessor_id == request.user.pk
    if edit and not is_own:
        raise PermissionDenied(_("Only the assessor can change this assessment."))
    if not is_own and not access.score_visibility(request.user).sees_assessment(
        assessor_id=assessment.assessor_id, candidate_id=assessment.candidate_id
    ):
        raise PermissionDenied(
            _(
                "Other assessors' scores stay sealed until you submit your own assessment of "
                "this candidate, or until calibration opens."
            )
        )
    return access, assessment


def _criterion_url(assessment: Assessment, criterion) -> str:
    return reverse(
        "scorecard:assessment-criterion",
        kwargs={
            "pk": assessment.candidate.engagement_id,
            "assessment_id": assessment.pk,
            "criterion_code": criterion.code,
        },
    )


def assessment_start(request: HttpRequest, pk: int, candidate_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, ASSESS)
    candidate = get_object_or_404(
        access.engagement.candidates.select_related("provider", "primary_site__city"),
        pk=candidate_id,
    )
    existing = Assessment.objects.filter(candidate=candidate, assessor=request.user).first()
    if existing:
        return redirect(existing)
    if not access.starts_assessments:
        raise PermissionDenied(
            _(
                "The analysts of this engagement assess its candidates; another assessment "
                "would count in the combined scores like theirs."
            )
        )
    if request.method == "POST":
        assessment, created = Assessment.objects.get_or_create(
            candidate=candidate, assessor=request.user
        )
        if created:
            messages.success(request, _("Assessment started. Save each criterion as you go."))
        return redirect(assessment)
    return render(
        request,
        "scorecard/assessment/assessment_start.html",
        {"access": access, "engagement": access.engagement, "candidate": candidate},
    )


def assessment_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, ASSESS)
    listing = get_assessment_list(
        access.engagement, user=request.user, everyone=access.is_consultant
    )
    return render(
        request,
        "scorecard/assessment/assessment_list.html",
        {"access": access, "engagement": access.engagement, "listing": listing},
    )


def assessment_detail(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    access, assessment = _get_assessment_for_user(request, pk, assessment_id)
    progress = get_assessment_progress(assessment)
    return render(
        request,
        "scorecard/assessment/assessment_detail.html",
        {
            "access": access,
            "engagement": access.engagement,
            "assessment": assessment,
            "progress": progress,
            "missing": [(p.criterion, i) for p in progress for i in p.missing],
            "can_edit": assessment.assessor_id == request.user.pk and not assessment.is_locked,
            "status_form": StatusChangeForm(reason_required=False),
            "due_form": DueDateForm(instance=assessment) if access.is_consultant else None,
        },
    )


def _conflict_message(conflicts: list[Score]) -> str:
    by_whom: dict[tuple[str, str], list[str]] = {}
    for score in conflicts:
        user = score.updated_by
        who = (user.get_full_name() or user.username) if user else _("Someone")
        when = time_format(timezone.localtime(score.updated_at), "H:i")
        by_whom.setdefault((who, when), []).append(score.indicator.name)
    changes = "; ".join(
        _("%(who)s changed these indicators at %(time)s while you were editing: %(names)s.")
        % {"who": who, "time": when, "names": ", ".join(names)}
        for (who, when), names in by_whom.items()
    )
    return " ".join(
        [
            changes,
            _(
                "Your changes were not saved; here they are so you can re-apply them. The "
                "answers saved now are shown under each of those indicators; files you chose "
                "must be chosen again."
            ),
        ]
    )


def _measured_figures(
    engagement: Engagement, assessment: Assessment, sheet: CriterionSheet
) -> list[tuple]:
    """(indicator, figure) for the criterion's measured indicators, read from reference data."""
    if not sheet.measured:
        return []
    candidate = candidates_for_measures(engagement).get(pk=assessment.candidate_id)
    return [
        (indicator, measured_figure(candidate, indicator.measured_source, engagement))
        for indicator in sheet.measured
    ]


def _indicator_rows(
    form: CriterionScoresForm,
    sheet: CriterionSheet,
    conflicts: dict[int, Score],
    vendor_answers: dict,
) -> list[dict]:
    """One row per rated indicator: its form, rubric, evidence, saved score, any conflict and
    the vendor's submitted answer (vendor portal)."""
    return [
        {
            "form": indicator_form,
            "indicator": indicator_form.indicator,
            "levels": list(indicator_form.indicator.rubric_levels.all()),
            "evidence": sheet.evidence.get(indicator_form.indicator.pk, []),
            "conflict": conflicts.get(indicator_form.indicator.pk),
            "score": sheet.scores.get(indicator_form.indicator.pk),
            "vendor_answer": vendor_answers.get(indicator_form.indicator.pk),
        }
        for indicator_form in form
    ]


def _documented_by_vendor(form: CriterionScoresForm, vendor_answers: dict) -> None:
    """An indicator not scored yet whose vendor answer cites files starts as documented."""
    for indicator_form in form:
        answer = vendor_answers.get(indicator_form.indicator.pk)
        if indicator_form.score is None and answer is not None and answer.evidence.all():
            indicator_form.initial["confidence"] = Confidence.DOCUMENTED


def assessment_criterion(
    request: HttpRequest, pk: int, assessment_id: int, criterion_code: str
) -> HttpResponse:
    access, assessment = _get_assessment_for_user(
        request, pk, assessment_id, edit=request.method == "POST"
    )
    criteria = list(criteria_in_scope(access.engagement))
    criterion = next((c for c in criteria if c.code == criterion_code), None)
    if criterion is None:
        raise Http404(_("This criterion is not assessed in this engagement."))
    here = criteria.index(criterion)
    url = request.path
    if request.method == "POST" and assessment.is_locked:
        messages.error(
            request, _("This assessment is submitted and locked; your changes were not saved.")
        )
        return redirect(url)
    sheet = get_criterion_sheet(assessment, criterion)
    editable = assessment.assessor_id == request.user.pk and not assessment.is_locked
    form = CriterionScoresForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        indicators=sheet.rated,
        scores=sheet.scores,
        disabled=not editable,
    )
    vendor_answers = vendor_answers_for_candidate(assessment.candidate)
    _documented_by_vendor(form, vendor_answers)
    conflicts: dict[int, Score] = {}
    if request.method == "POST" and form.is_valid():
        try:
            save_criterion_scores(
                assessment=assessment,
                criterion=criterion,
                answers=form.cleaned_data,
                user=request.user,
            )
        except StaleScores as stale:
            conflicts = {score.indicator_id: score for score in stale.conflicts}
            data = request.POST.copy()
            for score in stale.conflicts:
                data[f"i{score.indicator_id}-revision"] = str(score.revision)
            form = CriterionScoresForm(data, None, indicators=sheet.rated, scores=sheet.scores)
            form.add_error(_conflict_message(stale.conflicts))
        except AssessmentLocked:
            messages.error(
                request, _("This assessment is submitted and locked; your changes were not saved.")
            )
            return redirect(url)
        else:
            messages.success(request, _("Saved %(criterion)s.") % {"criterion": criterion.name})
            target = request.POST.get("go")
            if target == "next" and here + 1 < len(criteria):
                return redirect(_criterion_url(assessment, criteria[here + 1]))
            if target == "overview":
                return redirect(assessment)
            return redirect(url)
    figures = _measured_figures(access.engagement, assessment, sheet)
    rows = _indicator_rows(form, sheet, conflicts, vendor_answers)
    return render(
        request,
        "scorecard/assessment/assessment_criterion.html",
        {
            "access": access,
            "engagement": access.engagement,
            "assessment": assessment,
            "criterion": criterion,
            "form": form,
            "rows": rows,
            "figures": figures,
            "editable": editable,
            "rubric_rule": RUBRIC_RULE,
            "previous": criteria[here - 1] if here > 0 else None,
            "next": criteria[here + 1] if here + 1 < len(criteria) else None,
        },
    )


def assessment_history(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    access, assessment = _get_assessment_for_user(request, pk, assessment_id)
    return render(
        request,
        "scorecard/assessment/assessment_history.html",
        {
            "access": access,
            "engagement": access.engagement,
            "assessment": assessment,
            "events": get_assessment_history(assessment),
        },
    )


def evidence_download(
    request: HttpRequest, pk: int, assessment_id: int, evidence_id: int
) -> FileResponse:
    _access, assessment = _get_assessment_for_user(request, pk, assessment_id)
    evidence = get_object_or_404(Evidence, pk=evidence_id, score__assessment=assessment)
    return private_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@require_POST
def evidence_delete(
    request: HttpRequest, pk: int, assessment_id: int, evidence_id: int
) -> HttpResponse:
    _access, assessment = _get_assessment_for_user(request, pk, assessment_id, edit=True)
    evidence = get_object_or_404(
        Evidence.objects.select_related("score__indicator__criterion"),
        pk=evidence_id,
        score__assessment=assessment,
    )
    if evidence.uploaded_by_id != request.user.pk:
        raise PermissionDenied(_("Only the person who uploaded a file can delete it."))
    if assessment.is_locked:
        messages.error(request, _("This assessment is submitted and locked; nothing was deleted."))
    else:
        file = evidence.file
        with transaction.atomic():
            evidence.delete()
            transaction.on_commit(lambda: file.delete(save=False))
        messages.success(request, _("%(name)s deleted.") % {"name": evidence.original_name})
    return redirect(_criterion_url(assessment, evidence.score.indicator.criterion))
