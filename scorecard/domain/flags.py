"""Red flags raised from a candidate's data (pure: no Django; strings are translated by the
caller's ``gettext``, passed in as ``_``).

Each rule reads plain facts (:class:`FlagFacts`) and returns :class:`Flag` rows with a severity
and a plain-language reason that names the input and where it comes from. Thresholds are
parameters (``ATTRITION_FLAG_PCT``, ``CONCENTRATION_FLAG_PCT``, ``EXPIRING_FLAG_DAYS`` in the
settings).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal


class Severity:
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    ORDER = {HIGH: 0, MEDIUM: 1, LOW: 2}


@dataclass(frozen=True)
class CredentialFact:
    """A registration or certificate on file. ``is_registration``: REPSE or a SAT/IMSS/
    INFONAVIT opinion (legal standing); otherwise an audited certification."""

    kind: str  # display name, e.g. "REPSE registration (STPS)"
    number: str
    is_registration: bool
    is_security: bool
    issued_on: dt.date
    expires_on: dt.date | None
    source: str = ""
    is_repse: bool = False
    expiring_days: int | None = None  # this kind's "expiring soon" window, if not the default


@dataclass(frozen=True)
class CityFigureFact:
    """A city figure the score reads: ``state`` is ``ok``, ``stale``, ``unknown`` or
    ``missing`` (no row at all)."""

    city: str  # the city's name (its natural key), the same in every language
    metric: str  # display name
    state: str
    as_of: dt.date | None = None
    source: str = ""
    metric_code: str = ""  # the metric's code, the same in every language
    city_label: str = ""  # the city as the reader's language names it (City.display_name)


@dataclass(frozen=True)
class FlagFacts:
    """What the red-flag rules read about one candidate."""

    candidate: str
    credentials: tuple[CredentialFact, ...]
    cities: tuple[str, ...]  # cities of the sites in the proposal (names, the natural keys)
    seats_available: int
    seats_needed: int
    attrition_pct: Decimal | None
    concentration_pct: Decimal | None
    profile_source: str
    profile_as_of: dt.date | None
    city_figures: tuple[CityFigureFact, ...] = ()
    on_69b_list: bool = False
    go_live: dt.date | None = None
    # A city's name as the reader's language writes it (City.display_name), by its key in
    # ``cities``; a city not in it is shown by its key. Flag subjects and data use the keys.
    city_labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Thresholds:
    attrition_pct: Decimal
    concentration_pct: Decimal
    expiring_days: int = 90


@dataclass(frozen=True)
class Flag:
    """A raised flag. ``subject`` says which credential or figure it is about and ``data`` the
    values it read, both language-neutral: together with ``code`` they identify the flag and
    its data for a review (:func:`flag_fingerprint`), whatever language the texts are in."""

    code: str
    severity: str
    title: str
    reason: str
    source: str = ""
    subject: str = ""
    data: str = ""


@dataclass
class _Rules:
    facts: FlagFacts
    thresholds: Thresholds
    today: dt.date
    _: Callable[[str], str]
    date_text: Callable[[dt.date], str] = dt.date.isoformat
    flags: list[Flag] = field(default_factory=list)

    def add(
        self,
        code: str,
        severity: str,
        title: str,
        reason: str,
        source: str = "",
        *,
        subject: str = "",
        data: str = "",
    ) -> None:
        self.flags.append(Flag(code, severity, title, reason, source, subject, data))


def flag_fingerprint(flag: Flag) -> str:
    """What a review of ``flag`` is tied to: its rule and the data it read (the reason's text
    carries the values and dates). Different data, different fingerprint: the flag is raised
    again even if it was closed."""
    return hashlib.sha256(f"{flag.code}\n{flag.subject}\n{flag.data}".encode()).hexdigest()


def _profile_source(rules: _Rules) -> str:
    facts, _ = rules.facts, rules._
    source = facts.profile_source or _("provider profile")
    if facts.profile_as_of:
        return f"{source}, {rules.date_text(facts.profile_as_of)}"
    return source


def red_flags(
    facts: FlagFacts,
    thresholds: Thresholds,
    today: dt.date,
    _: Callable[[str], str] = lambda s: s,
    date_text: Callable[[dt.date], str] = dt.date.isoformat,
) -> list[Flag]:
    """Every red flag for one candidate, most severe first. ``_`` translates and
    ``date_text`` writes a date, both in the caller's language."""
    rules = _Rules(facts, thresholds, today, _, date_text)
    _credentials(rules)
    _security(rules)
    _single_city(rules)
    _seats(rules)
    _attrition_and_concentration(rules)
    _city_figures(rules)
    _sat_69b(rules)
    return sorted(rules.flags, key=lambda f: (Severity.ORDER[f.severity], f.code, f.reason))


def _credentials(rules: _Rules) -> None:
    _, today = rules._, rules.today
    go_live = rules.facts.go_live
    latest: dict[str, CredentialFact] = {}
    for credential in rules.facts.credentials:
        current = latest.get(credential.kind)
        if current is None or (credential.expires_on or dt.date.max) > (
            current.expires_on or dt.date.max
        ):
            latest[credential.kind] = credential
    # Only the latest credential of each kind counts: a renewed certificate clears the flag.
    for credential in latest.values():
        expires = credential.expires_on
        if expires is None:
            continue
        window = credential.expiring_days or rules.thresholds.expiring_days
        values = {
            "days": window,
            "kind": credential.kind,
            "number": credential.number,
            "date": rules.date_text(expires),
            "source": credential.source or _("credentials on file"),
        }
        about = {
            "subject": f"{credential.number}|{credential.issued_on.isoformat()}",
            "data": f"{expires.isoformat()}|{go_live.isoformat() if go_live else ''}",
        }
        if expires < today:
            rules.add(
                "expired",
                Severity.HIGH if credential.is_registration else Severity.MEDIUM,
                _("Expired: %(kind)s") % values,
                _("%(kind)s %(number)s expired on %(date)s (%(source)s).") % values,
                values["source"],
                **about,
            )
        elif credential.is_repse and go_live and expires < go_live:
            rules.add(
                "expires_before_go_live",
                Severity.HIGH,
                _("Expires before go-live: %(kind)s") % values,
                _(
                    "%(kind)s %(number)s expires on %(date)s, before go-live on %(go_live)s "
                    "(%(source)s)."
                )
                % {**values, "go_live": rules.date_text(go_live)},
                values["source"],
                **about,
            )
        elif expires <= today + dt.timedelta(days=window):
            rules.add(
                "expiring",
                Severity.MEDIUM if credential.is_registration else Severity.LOW,
                _("Expiring soon: %(kind)s") % values,
                _("%(kind)s %(number)s expires on %(date)s, within %(days)s days (%(source)s).")
                % values,
                values["source"],
                **about,
            )


def _security(rules: _Rules) -> None:
    _ = rules._
    current = [
        c
        for c in rules.facts.credentials
        if c.is_security and (c.expires_on is None or c.expires_on >= rules.today)
    ]
    if not current:
        rules.add(
            "no_security_certification",
            Severity.MEDIUM,
            _("No information-security certification"),
            _("No current ISO/IEC 27001, PCI DSS or SOC 2 among the credentials on file."),
            _("credentials on file"),
        )


def _single_city(rules: _Rules) -> None:
    _ = rules._
    cities = sorted(set(rules.facts.cities))
    if len(cities) <= 1:
        rules.add(
            "single_city",
            Severity.MEDIUM,
            _("No continuity across cities"),
            _(
                "Every site in the proposal is in %(city)s: an outage or local event there stops "
                "the whole service."
            )
            % {
                "city": rules.facts.city_labels.get(cities[0], cities[0])
                if cities
                else _("one city")
            },
            _("sites in the proposal"),
            data="|".join(cities),
        )


def _seats(rules: _Rules) -> None:
    _, facts = rules._, rules.facts
    if facts.seats_available < facts.seats_needed:
        rules.add(
            "seats_short",
            Severity.HIGH,
            _("Not enough seats for the scope"),
            _(
                "%(available)s seats available in the proposed sites for %(needed)s needed at "
                "the scope's peak."
            )
            % {"available": facts.seats_available, "needed": facts.seats_needed},
            _("sites in the proposal; engagement scope"),
            data=f"{facts.seats_available}|{facts.seats_needed}",
        )


def _attrition_and_concentration(rules: _Rules) -> None:
    _, facts, limits = rules._, rules.facts, rules.thresholds
    source = _profile_source(rules)
    if facts.attrition_pct is not None and facts.attrition_pct > limits.attrition_pct:
        rules.add(
            "attrition_high",
            Severity.MEDIUM,
            _("Agent attrition above %(limit)s %%") % {"limit": limits.attrition_pct},
            _(
                "Annual agent attrition is %(value)s %% (%(source)s), above the %(limit)s %% "
                "threshold."
            )
            % {"value": facts.attrition_pct, "source": source, "limit": limits.attrition_pct},
            source,
            data=f"{facts.attrition_pct}|{limits.attrition_pct}",
        )
    if facts.concentration_pct is not None and facts.concentration_pct > limits.concentration_pct:
        rules.add(
            "concentration_high",
            Severity.MEDIUM,
            _("Client concentration above %(limit)s %%") % {"limit": limits.concentration_pct},
            _(
                "The largest client is %(value)s %% of revenue (%(source)s), above the "
                "%(limit)s %% threshold: losing it would strain the provider."
            )
            % {
                "value": facts.concentration_pct,
                "source": source,
                "limit": limits.concentration_pct,
            },
            source,
            data=f"{facts.concentration_pct}|{limits.concentration_pct}",
        )


def _city_figures(rules: _Rules) -> None:
    _ = rules._
    for figure in rules.facts.city_figures:
        values = {"city": figure.city_label or figure.city, "metric": figure.metric}
        about = {
            "subject": f"{figure.city}|{figure.metric_code or figure.metric}",
            "data": f"{figure.state}|{figure.as_of.isoformat() if figure.as_of else ''}",
        }
        if figure.state in ("missing", "unknown"):
            rules.add(
                "city_figure_missing",
                Severity.MEDIUM,
                _("Missing city figure: %(metric)s") % values,
                _(
                    "%(city)s has no known %(metric)s figure, which the score reads; the indicator "
                    "counts as unknown."
                )
                % values,
                figure.source,
                **about,
            )
        elif figure.state == "stale":
            rules.add(
                "city_figure_stale",
                Severity.LOW,
                _("Stale city figure: %(metric)s") % values,
                _(
                    "%(city)s's %(metric)s figure is as of %(as_of)s (%(source)s), older than the "
                    "staleness limit."
                )
                % {
                    **values,
                    "as_of": rules.date_text(figure.as_of) if figure.as_of else "?",
                    "source": figure.source,
                },
                figure.source,
                **about,
            )


def _sat_69b(rules: _Rules) -> None:
    _ = rules._
    if rules.facts.on_69b_list:
        rules.add(
            "sat_69b_listed",
            Severity.HIGH,
            _("On the SAT 69-B list"),
            _(
                "The provider is on SAT's art. 69-B list of companies invoicing simulated "
                "operations: its invoices lose tax effect (CFF art. 69-B)."
            ),
            _("provider profile"),
        )
