"""Compliance & risks tab of an engagement: the compliance checklist and red flags per
candidate (the risk register on the same page is edited in :mod:`scorecard.views.risks`).

Every member reads (``VIEW_RESULTS``); consultants edit checklist items (``CONFIGURE``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from scorecard.access import CONFIGURE, VIEW_RESULTS, get_engagement_for_user
from scorecard.forms.costs import ComplianceCheckForm
from scorecard.models import ComplianceCheck, ComplianceEvidence, checklist_items
from scorecard.selectors.compliance import build_checklist
from scorecard.selectors.costs import candidates_for_costs
from scorecard.selectors.risks import risk_overview
from scorecard.services.compliance import attach_compliance_file, remove_compliance_file
from scorecard.uploads import private_download
from scorecard.views.helpers import engagement_context


@require_GET
def compliance_overview(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    overview = risk_overview(access.engagement)
    return render(
        request,
        "scorecard/costs/compliance.html",
        engagement_context(
            access,
            overview=overview,
            attrition=settings.ATTRITION_FLAG_PCT,
            concentration=settings.CONCENTRATION_FLAG_PCT,
        ),
    )


def compliance_check_edit(
    request: HttpRequest, pk: int, candidate_id: int, item: str
) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    candidate = get_object_or_404(candidates_for_costs(access.engagement), pk=candidate_id)
    if item not in checklist_items(access.engagement.client_vertical):
        raise Http404(_("No such checklist item."))
    checks = {c.item: c for c in candidate.compliance_checks.all()}
    entry = next(
        e
        for e in build_checklist(
            candidate,
            checks,
            access.engagement.go_live,
            access.engagement.as_of,
            access.engagement.client_vertical,
        )
        if e.item == item
    )
    if not entry.editable:
        raise Http404(_("This item is derived from the provider's data; update that data instead."))
    instance = checks.get(item) or ComplianceCheck(candidate=candidate, item=item)
    back = reverse("scorecard:compliance", args=[pk])
    if request.method == "POST" and request.POST.get("delete_file"):
        posted = request.POST["delete_file"]
        evidence = (
            ComplianceEvidence.objects.filter(pk=int(posted), answer__pk=instance.pk).first()
            if posted.isdigit() and len(posted) <= 18 and instance.pk
            else None
        )
        if evidence is None:
            messages.error(request, _("That file is no longer attached to this item."))
        else:
            remove_compliance_file(evidence=evidence)
            messages.success(
                request, _("File %(name)s removed.") % {"name": evidence.original_name}
            )
        return redirect(request.path)
    form = ComplianceCheckForm(request.POST or None, request.FILES or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            check = form.save(commit=False)
            check.updated_by = request.user
            check.save()
            if form.cleaned_data.get("upload"):
                attach_compliance_file(
                    answer=check,
                    upload=form.cleaned_data["upload"],
                    kind=form.upload_kind,
                    user=request.user,
                )
        messages.success(request, _("Checklist item saved."))
        return redirect(back)
    return render(
        request,
        "scorecard/costs/compliance_check.html",
        engagement_context(
            access,
            form=form,
            heading=f"{candidate.label}: {entry.label}",
            intro=_("Legal basis: %(basis)s") % {"basis": entry.legal_basis},
            back=back,
            candidate=candidate,
            entry=entry,
        ),
    )


@require_GET
def compliance_file(
    request: HttpRequest, pk: int, candidate_id: int, item: str, file_id: int
) -> FileResponse:
    """A checklist evidence file, to members of the engagement only."""
    access = get_engagement_for_user(request, pk, VIEW_RESULTS)
    evidence = get_object_or_404(
        ComplianceEvidence,
        pk=file_id,
        answer__item=item,
        answer__candidate_id=candidate_id,
        answer__candidate__engagement=access.engagement,
    )
    return private_download(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )
