"""The Mexican compliance checklist of a candidate (reference/mexico.md §2).

Items that provider data settles are *derived* every time from that data and say so
("derived from …"): REPSE and the SAT/IMSS/INFONAVIT opinions from the credentials on file,
the 69-B list from the provider profile, the processor contract from the candidate's
data-processing agreement, and NOM-037's applicability from the sites' home-working share.
The others are answered by a consultant (:class:`~scorecard.models.ComplianceCheck`).
Works on candidates from :func:`scorecard.selectors.costs.candidates_for_costs` (no queries).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from providers.models import Credential, CredentialKind, ListStatus, OpinionOutcome
from scorecard.formats import short_date
from scorecard.models import (
    LEGAL_BASIS,
    Candidate,
    ComplianceCheck,
    ComplianceItem,
    ComplianceStatus,
    DpaStatus,
    checklist_items,
)

OPINION_ITEMS = {
    ComplianceItem.SAT_OPINION: CredentialKind.SAT_OPINION,
    ComplianceItem.IMSS_OPINION: CredentialKind.IMSS_OPINION,
    ComplianceItem.INFONAVIT_OPINION: CredentialKind.INFONAVIT_OPINION,
}


@dataclass(frozen=True)
class ChecklistEntry:
    """One item's status for a candidate. ``derived_from`` is empty for consultant answers;
    ``editable`` says whether a consultant may answer it here."""

    item: str
    label: str
    legal_basis: str
    status: str
    note: str = ""
    derived_from: str = ""
    expires_on: dt.date | None = None
    editable: bool = False
    updated_by: str = ""
    files: tuple = ()  # ComplianceEvidence of a consultant's answer

    @property
    def status_label(self) -> str:
        return ComplianceStatus(self.status).label


def _credentials(candidate: Candidate, kind: str) -> list[Credential]:
    return [c for c in candidate.provider.credentials.all() if c.kind == kind]


def _repse(candidate: Candidate, until: dt.date) -> tuple[str, str, dt.date | None, str]:
    registrations = _credentials(candidate, CredentialKind.REPSE)
    source = _("credentials on file")
    if not registrations:
        return ComplianceStatus.NOT_MET, _("No REPSE registration on file."), None, source
    latest = max(registrations, key=lambda c: c.expires_on or dt.date.max)
    source = _("credentials on file (REPSE %(number)s)") % {"number": latest.number}
    scope = latest.scope or _("scope not recorded")
    if latest.expires_on is not None and latest.expires_on < until:
        note = _("Expires %(date)s, before %(until)s. Scope: %(scope)s.") % {
            "date": short_date(latest.expires_on),
            "until": short_date(until),
            "scope": scope,
        }
        return ComplianceStatus.NOT_MET, note, latest.expires_on, source
    note = _("Valid through go-live. Scope: %(scope)s — confirm it covers this service.") % {
        "scope": scope
    }
    return ComplianceStatus.MET_SCOPE, note, latest.expires_on, source


def _opinion(candidate: Candidate, kind: str, today: dt.date):
    opinions = _credentials(candidate, kind)
    source = _("credentials on file")
    current = [c for c in opinions if c.expires_on is None or c.expires_on >= today]
    if not opinions:
        return ComplianceStatus.UNKNOWN, _("No opinion on file."), None, source
    if not current:
        latest = max(opinions, key=lambda c: c.expires_on or dt.date.max)
        return (
            ComplianceStatus.NOT_MET,
            _("The opinion on file has expired."),
            latest.expires_on,
            source,
        )
    latest = max(current, key=lambda c: c.expires_on or dt.date.max)
    source = _("credentials on file (%(number)s)") % {"number": latest.number}
    if any(c.outcome == OpinionOutcome.NEGATIVE for c in current):
        return ComplianceStatus.NOT_MET, _("Negative opinion on file."), latest.expires_on, source
    return ComplianceStatus.MET, _("Positive and current."), latest.expires_on, source


def _sat_69b(candidate: Candidate):
    provider = candidate.provider
    source = _("provider profile (checked %(date)s)") % {
        "date": short_date(provider.sat_69b_checked_on, missing=_("never"))
    }
    status = {
        ListStatus.NOT_LISTED: ComplianceStatus.MET,
        ListStatus.LISTED: ComplianceStatus.NOT_MET,
    }.get(provider.sat_69b_status, ComplianceStatus.UNKNOWN)
    return status, provider.get_sat_69b_status_display(), None, source


def _processor_contract(candidate: Candidate):
    status = {
        DpaStatus.SIGNED: ComplianceStatus.MET,
        DpaStatus.NOT_SIGNED: ComplianceStatus.NOT_MET,
    }.get(candidate.dpa_status, ComplianceStatus.UNKNOWN)
    return (
        status,
        candidate.get_dpa_status_display(),
        None,
        _("candidate's data-processing agreement"),
    )


def _nom_037_not_applicable(candidate: Candidate) -> bool:
    """NOM-037 applies to staff who work from home: not applicable when every site in the
    proposal reports 0 % home-based agents."""
    shares = [site.wfh_share_pct for site in candidate.sites.all()]
    return bool(shares) and all(share is not None and share == 0 for share in shares)


def build_checklist(
    candidate: Candidate,
    checks: dict[str, ComplianceCheck],
    go_live: dt.date | None,
    today: dt.date,
    client_vertical: str,
) -> list[ChecklistEntry]:
    """Every checklist item that applies to a client of ``client_vertical``
    (:func:`~scorecard.models.checklist_items`) for ``candidate``: derived where data settles
    it, else the consultant's answer (``checks`` by item), else unknown."""
    entries = []
    for item in checklist_items(client_vertical):
        base = {"item": item.value, "label": item.label, "legal_basis": LEGAL_BASIS[item]}
        derived = None
        if item == ComplianceItem.REPSE:
            derived = _repse(candidate, max(go_live or today, today))
        elif item in OPINION_ITEMS:
            derived = _opinion(candidate, OPINION_ITEMS[item], today)
        elif item == ComplianceItem.SAT_69B:
            derived = _sat_69b(candidate)
        elif item == ComplianceItem.PROCESSOR_CONTRACT:
            derived = _processor_contract(candidate)
        elif item == ComplianceItem.NOM_037 and _nom_037_not_applicable(candidate):
            derived = (
                ComplianceStatus.NOT_APPLICABLE,
                _("No home-based agents at the proposed sites."),
                None,
                _("sites' home-working share"),
            )
        if derived is not None:
            status, note, expires, source = derived
            entries.append(
                ChecklistEntry(
                    **base,
                    status=status,
                    note=note,
                    derived_from=source,
                    expires_on=expires,
                )
            )
            continue
        check = checks.get(item.value)
        entries.append(
            ChecklistEntry(
                **base,
                status=check.status if check else ComplianceStatus.UNKNOWN,
                note=check.evidence if check else "",
                expires_on=check.expires_on if check else None,
                editable=True,
                updated_by=str(check.updated_by or "") if check else "",
                files=tuple(check.files.all()) if check else (),
            )
        )
    return entries


def get_check(candidate: Candidate, item: str) -> ComplianceCheck | None:
    """The consultant's answer to ``item`` for ``candidate``, or ``None`` (one query)."""
    return ComplianceCheck.objects.filter(candidate=candidate, item=item).first()
