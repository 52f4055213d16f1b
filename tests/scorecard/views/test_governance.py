"""Governance tab (:mod:`scorecard.views.governance`): a new pack starts from the KPI catalogue;
KPIs are added and removed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from scorecard.models import GovernancePlan, KpiDefinition, KpiTarget, Role

pytestmark = pytest.mark.django_db


def _url(name: str, world, **kwargs) -> str:
    return reverse(f"scorecard:{name}", kwargs={"pk": world.engagement.pk, **kwargs})


def test_governance_new_pack_starts_from_catalogue(client, world, rates):
    call_kpis = [
        KpiDefinition.objects.create(
            code=code, name=name, definition="…", unit="%", default_target=target, order=n
        )
        for n, (code, name, target) in enumerate(
            [("fcr", "FCR", "≥ 75 %"), ("attrition", "Attrition", "≤ 35 %")]
        )
    ]
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("governance-edit", world)
    response = client.get(url)
    formset = response.context["formset"]
    assert [f.initial["target"] for f in formset.forms[:2]] == ["≥ 75 %", "≤ 35 %"]
    data = {
        "kpis-TOTAL_FORMS": "3",
        "kpis-INITIAL_FORMS": "0",
        "kpis-0-name": "FCR",
        "kpis-0-target": "≥ 80 %",
        "kpis-0-order": "0",
        "kpis-1-name": "Attrition",
        "kpis-1-target": "≤ 35 %",
        "kpis-1-order": "1",
        "kpis-2-order": "0",  # the blank row as a browser sends it
        "reporting_cadence": "Weekly",
        "escalation_path": "TL → OM",
        "audit_rights": "Payroll and security",
        "audit_cadence": "Twice a year",
    }
    assert client.post(url, data).status_code == 302
    plan = GovernancePlan.objects.get(engagement=world.engagement)
    kpis = list(plan.kpis.values_list("name", "target", "definition"))
    assert kpis == [("FCR", "≥ 80 %", call_kpis[0].pk), ("Attrition", "≤ 35 %", call_kpis[1].pk)]
    page = client.get(_url("governance", world)).content.decode()
    assert "≥ 80 %" in page


def test_governance_new_pack_in_spanish_starts_from_spanish_catalogue_and_links_it(
    client, world, rates
):
    fcr = KpiDefinition.objects.create(
        code="fcr",
        name_en="First-contact resolution (FCR)",
        name_es_mx="Resolución en el primer contacto (FCR)",
        definition_en="…",
        unit_en="%",
        default_target_en="≥ 75 %",
    )
    client.force_login(world.users[Role.CONSULTANT])
    url = _url("governance-edit", world)

    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es-MX")
    data = {
        "kpis-TOTAL_FORMS": "1",
        "kpis-INITIAL_FORMS": "0",
        "kpis-0-name": "Resolución en el primer contacto (FCR)",
        "kpis-0-target": "≥ 80 %",
        "kpis-0-order": "0",
        "reporting_cadence": "Semanal",
        "escalation_path": "TL → OM",
        "audit_rights": "Nómina y seguridad",
        "audit_cadence": "Dos veces al año",
    }
    posted = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["formset"].forms[0].initial["name"] == fcr.name_es_mx
    assert response.context["formset"].forms[0].initial["target"] == "≥ 75 %"  # fallback
    assert posted.status_code == 302
    kpi = KpiTarget.objects.get(plan__engagement=world.engagement)
    assert kpi.definition_id == fcr.pk


def test_governance_edit_removes_kpi(client, world):
    plan = GovernancePlan.objects.create(engagement=world.engagement)
    kpi = KpiTarget.objects.create(plan=plan, name="AHT", target="300 s")
    client.force_login(world.users[Role.CONSULTANT])
    data = {
        "kpis-TOTAL_FORMS": "2",
        "kpis-INITIAL_FORMS": "1",
        "kpis-0-id": str(kpi.pk),
        "kpis-0-plan": str(plan.pk),
        "kpis-0-name": "AHT",
        "kpis-0-target": "300 s",
        "kpis-0-order": "0",
        "kpis-0-DELETE": "on",
        "kpis-1-order": "0",  # the blank row as a browser sends it
        "reporting_cadence": "Weekly",
        "escalation_path": "TL",
        "audit_rights": "Yes",
        "audit_cadence": "Yearly",
    }
    assert client.post(_url("governance-edit", world), data).status_code == 302
    assert not KpiTarget.objects.exists()


def test_governance_formset_posted_as_new_over_stored_kpis_is_refused_not_a_500(client, world):
    plan = GovernancePlan.objects.create(engagement=world.engagement, reporting_cadence="Weekly")
    KpiTarget.objects.create(plan=plan, name="AHT", target="300 s")
    client.force_login(world.users[Role.CONSULTANT])
    data = {
        "kpis-TOTAL_FORMS": "1",
        "kpis-INITIAL_FORMS": "0",  # tampered: the stored KPI posted again as a new one
        "kpis-0-name": "AHT",
        "kpis-0-target": "240 s",
        "kpis-0-order": "0",
        "reporting_cadence": "Daily",
        "escalation_path": "TL",
        "audit_rights": "Yes",
        "audit_cadence": "Yearly",
    }
    response = client.post(_url("governance-edit", world), data)
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    plan.refresh_from_db()
    assert plan.reporting_cadence == "Weekly"  # all or nothing: the pack is unchanged too
    assert list(KpiTarget.objects.values_list("name", "target")) == [("AHT", "300 s")]


def test_governance_kpis_in_catalogue_wording_show_in_the_readers_language(client, world):
    """A KPI copied from the catalogue in English reads in Spanish on a Spanish page; one the
    engagement reworded keeps its own words."""
    fcr = KpiDefinition.objects.create(
        code="fcr",
        name_en="First-contact resolution (FCR)",
        name_es_mx="Resolución en el primer contacto (FCR)",
        definition="…",
        unit_en="%",
        unit_es_mx="%",
        default_target_en="≥ 75 % of contacts",
        default_target_es_mx="≥ 75 % de los contactos",
    )
    plan = GovernancePlan.objects.create(engagement=world.engagement)
    KpiTarget.objects.create(
        plan=plan, definition=fcr, name=fcr.name_en, target="≥ 80 % by month 3", unit="%"
    )
    client.force_login(world.users[Role.CLIENT_VIEWER])

    page = client.get(_url("governance", world), HTTP_ACCEPT_LANGUAGE="es-MX").content.decode()

    assert "Resolución en el primer contacto (FCR)" in page
    assert "First-contact resolution" not in page
    assert "≥ 80 % by month 3" in page  # reworded by the engagement: its own words
