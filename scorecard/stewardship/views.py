"""The data-health page (admins and staff only)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scorecard.stewardship.health import build_data_health
from scorecard.stewardship.permissions import can_see_data_health


def data_health(request: HttpRequest) -> HttpResponse:
    if not can_see_data_health(request.user):
        raise PermissionDenied
    health = build_data_health(timezone.localdate())
    return render(request, "stewardship/data_health.html", {"health": health})
