"""The engagement's risk register (shown on the compliance & risks tab): add, edit, remove.
Consultants only (``CONFIGURE``)."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from scorecard.access import CONFIGURE, get_engagement_for_user
from scorecard.forms.costs import RiskForm
from scorecard.models import Risk
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
