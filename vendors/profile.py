"""The provider-profile section of the questionnaire: which reference fields a vendor answers,
how an answer compares with the reference record (old → new), and applying accepted changes.

Answers are kept as text in ``Invitation.profile`` (JSON):
``{"company": {field: text}, "functions": [code], "languages": [code],
"sites": {site id: {field: text}}, "credentials": {kind: {field: text, "evidence": id}}}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from providers.models import Credential, CredentialKind, Provider, Site

# Each rule once: the fields asked, for the form, the XLSX template, the preview and apply.
COMPANY_FIELDS = (
    "description",
    "website",
    "year_founded",
    "headcount",
    "attrition_pct",
    "client_concentration_pct",
)
SITE_FIELDS = ("seats_total", "seats_available", "wfh_share_pct")
CREDENTIAL_FIELDS = ("number", "issuer", "issued_on", "expires_on")


def field_label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def as_text(value: Any) -> str:
    """A field value as the questionnaire stores it (``""`` for unknown)."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _parsed(model: type[models.Model], name: str, text: str) -> Any:
    field = model._meta.get_field(name)
    if text == "":
        return "" if not field.null else None
    return field.to_python(text)


def _differs(model: type[models.Model], name: str, new: str, current: Any) -> bool:
    """Whether the answer ``new`` (text; empty: no answer) changes ``current`` (30 and 30.0
    are the same figure)."""
    if new == "":
        return False
    try:
        return _parsed(model, name, new) != current
    except ValidationError:
        return True


@dataclass(frozen=True)
class Change:
    """One field the vendor's answer would change: where, what, old → new (as text)."""

    section: str
    label: str
    old: str
    new: str


def _company_changes(provider: Provider, profile: dict) -> list[Change]:
    answers = profile.get("company", {})
    changes = []
    for name in COMPANY_FIELDS:
        new, current = answers.get(name, ""), getattr(provider, name)
        if _differs(Provider, name, new, current):
            label = field_label(Provider, name)
            changes.append(Change(provider.display_name, label, as_text(current), new))
    for name in ("functions", "languages"):
        if name not in profile:
            continue
        old_codes = sorted(getattr(provider, name).values_list("code", flat=True))
        new_codes = sorted(profile[name])
        if new_codes != old_codes:
            label = field_label(Provider, name)
            changes.append(
                Change(provider.display_name, label, ", ".join(old_codes), ", ".join(new_codes))
            )
    return changes


def _site_changes(provider: Provider, profile: dict) -> list[Change]:
    changes = []
    for site in provider.sites.all():
        answers = profile.get("sites", {}).get(str(site.pk), {})
        for name in SITE_FIELDS:
            new, current = answers.get(name, ""), getattr(site, name)
            if _differs(Site, name, new, current):
                changes.append(Change(site.name, field_label(Site, name), as_text(current), new))
    return changes


def _credential_changes(provider: Provider, profile: dict) -> list[Change]:
    changes = []
    current = {c.kind: c for c in provider.credentials.order_by("kind", "-issued_on")}
    for kind, answers in profile.get("credentials", {}).items():
        if not answers.get("number"):
            continue
        credential = current.get(kind)
        section = CredentialKind(kind).label
        for name in CREDENTIAL_FIELDS:
            new = answers.get(name, "")
            old = as_text(getattr(credential, name)) if credential else ""
            if credential and credential.number != answers["number"]:
                old = ""  # a new number is a new registration: every field is new
            if new != old and new != "":
                changes.append(Change(section, field_label(Credential, name), old, new))
    return changes


def profile_changes(provider: Provider, profile: dict) -> list[Change]:
    """What accepting ``profile`` would change in the reference record, field by field."""
    return [
        *_company_changes(provider, profile),
        *_site_changes(provider, profile),
        *_credential_changes(provider, profile),
    ]


def _save(instance: models.Model, reason: str) -> None:
    instance.full_clean()
    instance._change_reason = reason
    instance.save()


def apply_profile(provider: Provider, profile: dict, reason: str) -> None:
    """Write ``profile`` into the reference record, each row's history saying ``reason``.

    Raises ``ValidationError`` (nothing written: the caller's transaction rolls back) when an
    answer does not fit the reference field (a site with more seats available than in total).
    """
    from providers.models import Language, ServiceFunction

    for name in COMPANY_FIELDS:
        new = profile.get("company", {}).get(name, "")
        if new != "":
            setattr(provider, name, _parsed(Provider, name, new))
    _save(provider, reason)
    for name, model in (("functions", ServiceFunction), ("languages", Language)):
        if name in profile:
            getattr(provider, name).set(model.objects.filter(code__in=profile[name]))
    for site in provider.sites.all():
        answers = profile.get("sites", {}).get(str(site.pk), {})
        if any(answers.get(name, "") != "" for name in SITE_FIELDS):
            for name in SITE_FIELDS:
                if answers.get(name, "") != "":
                    setattr(site, name, _parsed(Site, name, answers[name]))
            _save(site, reason)
    for kind, answers in profile.get("credentials", {}).items():
        if not answers.get("number"):
            continue
        credential = Credential.objects.filter(
            provider=provider, kind=kind, number=answers["number"]
        ).first() or Credential(provider=provider, kind=kind)
        for name in CREDENTIAL_FIELDS:
            if answers.get(name, "") != "":
                setattr(credential, name, _parsed(Credential, name, answers[name]))
        if not credential.issuer:
            raise ValidationError(
                _("%(kind)s: the issuer is missing.") % {"kind": CredentialKind(kind).label}
            )
        _save(credential, reason)
