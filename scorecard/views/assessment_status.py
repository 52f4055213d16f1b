"""Assessment status: submit and reopen (each with a confirmation step and a reason, kept in
history and e-mailed), and the due date a consultant sets."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from scorecard.access import CONFIGURE, get_engagement_for_user
from scorecard.forms.assessment_status import DueDateForm, StatusChangeForm
from scorecard.models import Assessment
from scorecard.services.assessments import (
    AssessmentLocked,
    IncompleteAssessment,
    reopen_assessment,
    submit_assessment,
)
from scorecard.views.assessments import _get_assessment_for_user


def _confirm(request, access, assessment, form, action: str) -> HttpResponse:
    """The confirmation page of a submit or reopen (400 when the posted reason was refused)."""
    return render(
        request,
        "scorecard/assessment/assessment_confirm.html",
        {
            "access": access,
            "engagement": access.engagement,
            "assessment": assessment,
            "form": form,
            "action": action,
            "next": request.POST.get("next", ""),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def assessment_submit(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    access, assessment = _get_assessment_for_user(request, pk, assessment_id, edit=True)
    form = StatusChangeForm(request.POST, reason_required=False)
    if not form.is_valid() or not form.cleaned_data["confirm"]:
        return _confirm(request, access, assessment, form, "submit")
    try:
        submit_assessment(
            assessment=assessment, user=request.user, reason=form.cleaned_data["reason"]
        )
    except AssessmentLocked:
        messages.info(request, _("This assessment was already submitted."))
    except IncompleteAssessment as incomplete:
        messages.error(
            request,
            ngettext(
                "Not submitted: %(n)d indicator has no answer yet: %(names)s.",
                "Not submitted: %(n)d indicators have no answer yet: %(names)s.",
                len(incomplete.missing),
            )
            % {
                "n": len(incomplete.missing),
                "names": ", ".join(indicator.name for indicator in incomplete.missing),
            },
        )
    else:
        messages.success(
            request, _("Assessment submitted. It is locked now; a consultant can reopen it.")
        )
    return redirect(assessment)


@require_POST
def assessment_reopen(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    assessment = get_object_or_404(
        Assessment.objects.select_related("candidate__engagement", "assessor"),
        pk=assessment_id,
        candidate__engagement=access.engagement,
    )
    form = StatusChangeForm(request.POST, reason_required=True)
    if not request.POST.get("confirm"):
        form = StatusChangeForm(reason_required=True)  # the first step: ask
        return _confirm(request, access, assessment, form, "reopen")
    if not form.is_valid():
        return _confirm(request, access, assessment, form, "reopen")
    if reopen_assessment(
        assessment=assessment, user=request.user, reason=form.cleaned_data["reason"]
    ):
        messages.success(
            request, _("Assessment reopened: its assessor can change it and submit it again.")
        )
    else:
        messages.info(request, _("This assessment is not submitted; nothing to reopen."))
    if request.POST.get("next") == "list":
        return redirect("scorecard:assessment-list", pk=pk)
    return redirect(assessment)


@require_POST
def assessment_due(request: HttpRequest, pk: int, assessment_id: int) -> HttpResponse:
    """A consultant sets (or clears) the assessment's due date."""
    access = get_engagement_for_user(request, pk, CONFIGURE)
    assessment = get_object_or_404(
        Assessment.objects.select_related("candidate"),
        pk=assessment_id,
        candidate__engagement=access.engagement,
    )
    form = DueDateForm(request.POST, instance=assessment)
    if form.is_valid():
        assessment._history_user = request.user
        form.save()
        messages.success(request, _("Due date saved."))
    else:
        messages.error(
            request,
            _("Due date not saved: %(errors)s")
            % {"errors": " ".join(str(e) for e in form.errors.get("due_date", []))},
        )
    return redirect(assessment)
