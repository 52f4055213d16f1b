"""The questionnaire as an XLSX workbook: download a template with the current answers, fill it
offline, upload it back.

The upload is read by :func:`scorecard.stewardship.files.read_tables`, the reference import's
reader, so the same hostile-file rules apply (size, type by content, zip-bomb and entity
checks, formulas refused). Its cells then overlay the form's current values and go through
:class:`vendors.forms.QuestionnaireForm` and :func:`vendors.services.save_answers` like a
posted page: one set of checks, and the revisions written in the workbook guard against
overwriting answers changed since it was downloaded. Evidence files are uploaded and cited on
the page; the workbook keeps the citations as they are.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from scorecard.spreadsheets import build_xlsx, safe_cell
from scorecard.stewardship.files import FileRefused, Formula, read_tables
from vendors.forms import QuestionnaireForm
from vendors.models import ASKED_CREDENTIALS
from vendors.profile import COMPANY_FIELDS, CREDENTIAL_FIELDS, SITE_FIELDS

QUESTIONS = "Questions"
PROFILE = "Profile"
QUESTION_HEADERS = ("code", "revision", "question", "evidence requested", "answer")
PROFILE_HEADERS = ("key", "field", "value")


def _profile_keys(form: QuestionnaireForm) -> list[tuple[str, str]]:
    """(workbook key, form field name) of every profile answer; the revision first."""
    keys = [("revision", "profile_revision")]
    keys += [(f"company.{n}", f"company-{n}") for n in COMPANY_FIELDS]
    keys += [("functions", "functions"), ("languages", "languages")]
    keys += [
        (f"site.{site.pk}.{n}", f"site-{site.pk}-{n}") for site in form.sites for n in SITE_FIELDS
    ]
    keys += [
        (f"credential.{kind}.{n}", f"cred-{kind}-{n}")
        for kind in ASKED_CREDENTIALS
        for n in CREDENTIAL_FIELDS
    ]
    return keys


def build_template(form: QuestionnaireForm) -> bytes:
    data = form.initial_data()
    questions = [
        (
            row.indicator.code,
            int(data.get(f"a{row.indicator.pk}-revision", 0)),
            row.question,
            row.evidence_requested,
            data.get(f"a{row.indicator.pk}-text", ""),
        )
        for row in form.rows
    ]
    profile = []
    for key, name in _profile_keys(form):
        value = data.get(name, "")
        label = str(form.fields[name].label or key) if name != "profile_revision" else key
        profile.append((key, label, ", ".join(value) if isinstance(value, list) else value))
    return build_xlsx(
        [(QUESTIONS, QUESTION_HEADERS, questions), (PROFILE, PROFILE_HEADERS, profile)]
    )


def _text(value: object, where: str) -> str:
    if isinstance(value, Formula):
        raise FileRefused(_("%(where)s holds a formula; type the value itself.") % {"where": where})
    if value is None:
        return ""
    if hasattr(value, "date") and callable(value.date):
        value = value.date()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and safe_cell(text[1:]) == text:
        return text[1:]  # the apostrophe the template put before formula-like text
    return text


def _sheet(tables, title: str, headers: tuple[str, ...]):
    table = next((t for t in tables if t.title == title), None)
    if table is None or list(table.headers[: len(headers)]) != list(headers):
        raise FileRefused(
            _(
                "The workbook has no “%(sheet)s” sheet with the template's columns; download the "
                "template again."
            )
            % {"sheet": title}
        )
    return table


def read_workbook(form: QuestionnaireForm, name: str, content: bytes) -> dict:
    """The form data the workbook ``content`` stands for. Raises ``FileRefused``."""
    _format, tables = read_tables(name, content)
    data = form.initial_data()
    by_code = {row.indicator.code: row.indicator.pk for row in form.rows}
    for number, cells in _sheet(tables, QUESTIONS, QUESTION_HEADERS).rows:
        cells = [*cells, *[None] * len(QUESTION_HEADERS)]
        code = _text(cells[0], f"{QUESTIONS}!A{number}")
        if code not in by_code:
            continue
        pk = by_code[code]
        data[f"a{pk}-revision"] = _text(cells[1], f"{QUESTIONS}!B{number}")
        data[f"a{pk}-text"] = _text(cells[4], f"{QUESTIONS}!E{number}")
    fields = dict(_profile_keys(form))
    for number, cells in _sheet(tables, PROFILE, PROFILE_HEADERS).rows:
        cells = [*cells, None, None, None]
        key = _text(cells[0], f"{PROFILE}!A{number}")
        if key not in fields:
            continue
        value = _text(cells[2], f"{PROFILE}!C{number}")
        if key in ("functions", "languages"):
            data[fields[key]] = [code.strip() for code in value.split(",") if code.strip()]
        else:
            data[fields[key]] = value
    return data
