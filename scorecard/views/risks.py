"""The engagement's risk register (shown on the compliance & risks tab): add, edit, remove
risks; review the automatic red flags. Consultants only (``CONFIGURE``)."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scorecard.access import CONFIGURE, get_engagement_for_user
from scorecard.forms.costs import FlagReviewForm, RiskForm
from scorecard.models import Risk
from scorecard.selectors.risks import candidate_flag
from scorecard.services.flags import review_flag
from scorecard.views.helpers import engagement_context


def risk_edit(request: HttpRequest, pk: int, risk_id: int | None = None) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    engagement = access.engagement
    instance = get_object_or_404(Risk, pk=risk_id, engagement=engagement) if risk_id else None
    form = RiskForm(request.POST or None, instance=instance, engagement=engagement)
    back = reverse("scorecard:compliance", args=[pk]) + "#register"
    if request.method == "POST" and form.is_valid():
        try:
            # Two sessions adding the same title at once both pass validation; the database's
            # unique constraint stops the second, which gets the form's message, not a 500.
            with transaction.atomic():
                form.save()
        except IntegrityError:
            form.add_error("title", _("A risk with this title is already in the register."))
        else:
            messages.success(request, _("Risk saved."))
            return redirect(back)
    return render(
        request,
        "scorecard/costs/form.html",
        engagement_context(
            access,
            form=form,
            heading=_("Edit risk") if instance else _("Add a risk"),
            back=back,
            delete_url=reverse("scorecard:risk-delete", args=[pk, instance.pk]) if instance else "",
        ),
    )


@require_POST
def risk_delete(request: HttpRequest, pk: int, risk_id: int) -> HttpResponse:
    access = get_engagement_for_user(request, pk, CONFIGURE)
    risk = get_object_or_404(Risk, pk=risk_id, engagement=access.engagement)
    risk.delete()
    messages.success(request, _("Risk removed from the register."))
    return redirect(reverse("scorecard:compliance", args=[pk]) + "#register")


def flag_review(request: HttpRequest, pk: int, candidate_id: int, code: str) -> HttpResponse:
    """Owner, status and note of one automatic red flag (``?about=`` names its subject, e.g.
    which certificate). A flag not raised now is a 404: there is nothing to review."""
    access = get_engagement_for_user(request, pk, CONFIGURE)
    subject = request.GET.get("about", "")
    found = candidate_flag(access.engagement, candidate_id, code, subject)
    if found is None:
        raise Http404(_("This red flag is not raised for this candidate."))
    candidate, reviewed = found
    form = FlagReviewForm(request.POST or None, instance=reviewed.review)
    back = reverse("scorecard:compliance", args=[pk]) + "#register"
    if request.method == "POST" and form.is_valid():
        review_flag(
            candidate=candidate,
            flag=reviewed.flag,
            user=request.user,
            **{name: form.cleaned_data[name] for name in ("owner", "status", "note")},
        )
        messages.success(request, _("Red flag review saved."))
        return redirect(back)
    intro = _("%(candidate)s · automatic red flag: %(title)s. %(reason)s") % {
        "candidate": candidate.label,
        "title": reviewed.flag.title,
        "reason": reviewed.flag.reason,
    }
    return render(
        request,
        "scorecard/costs/form.html",
        engagement_context(
            access, form=form, heading=_("Review a red flag"), intro=intro, back=back
        ),
    )
