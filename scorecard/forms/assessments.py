"""The assessment form of one criterion: an answer, note, confidence and evidence per indicator.

Each rated indicator gets its own small form, prefixed ``i<indicator id>-``, so errors land
next to the indicator they are about. :class:`CriterionScoresForm` holds them together,
refuses fields of indicators that are not in this criterion (ids from another criterion or
engagement posted by hand); its ``cleaned_data`` is the ``answers`` that
:func:`scorecard.services.assessments.save_criterion_scores` takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scorecard.models import Confidence, Indicator, Score, ScoreStatus
from scorecard.models.limits import LONG_TEXT_MAX_CHARS
from scorecard.uploads import validate_evidence_upload

LEVELS = [str(level) for level in range(6)]
PREFIX = re.compile(r"^i(\d+)-")

RUBRIC_RULE = gettext_lazy(
    "Choose the highest level whose description is fully met; if a level is only partly met, "
    "choose the one below."
)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none were chosen)."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.webp,.xlsx,.csv"})

    def clean(self, data, initial=None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def _answer_of(score: Score | None) -> str:
    if score is None:
        return ""
    return str(score.value) if score.status == ScoreStatus.SCORED else score.status


class IndicatorScoreForm(forms.Form):
    """One rated indicator: a level 0–5, "not applicable" or "unknown", with its context."""

    answer = forms.ChoiceField(
        label=gettext_lazy("Answer"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": gettext_lazy(
                "“%(value)s” is not an answer: choose a level from 0 to 5, not applicable or "
                "unknown."
            )
        },
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=LONG_TEXT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confidence = forms.ChoiceField(
        label=gettext_lazy("Confidence"),
        choices=Confidence.choices,
        initial=Confidence.SELF_DECLARED,
        required=False,
    )
    # The revision the form was built from: 0 when not answered yet (or not sent at all).
    revision = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    evidence = MultipleFileField(
        label=gettext_lazy("Add evidence"),
        required=False,
        help_text=gettext_lazy("PDF, PNG, JPEG, WebP, XLSX or CSV; several files at once."),
    )

    def __init__(self, *args, indicator: Indicator, score: Score | None, **kwargs) -> None:
        kwargs.setdefault("prefix", f"i{indicator.pk}")
        kwargs.setdefault(
            "initial",
            {
                "answer": _answer_of(score),
                "note": score.note if score else "",
                "confidence": score.confidence if score else Confidence.SELF_DECLARED,
                "revision": score.revision if score else 0,
            },
        )
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.score = score
        self.fields["answer"].choices = [
            *((level, level) for level in LEVELS),
            (ScoreStatus.NOT_APPLICABLE.value, ScoreStatus.NOT_APPLICABLE.label),
            (ScoreStatus.UNKNOWN.value, ScoreStatus.UNKNOWN.label),
        ]

    def clean_evidence(self) -> list:
        checked, errors = [], []
        for upload in self.cleaned_data.get("evidence") or []:
            try:
                checked.append(validate_evidence_upload(upload))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked

    def clean_confidence(self) -> str:
        return self.cleaned_data.get("confidence") or self.initial["confidence"]

    def clean_revision(self) -> int:
        return self.cleaned_data.get("revision") or 0

    def clean(self) -> dict:
        data = super().clean()
        if data.get("answer"):
            return data
        if data.get("revision"):
            self.add_error(
                "answer",
                _("An answer cannot be removed once saved; choose “unknown” if it is not known."),
            )
        elif data.get("note") or data.get("evidence"):
            self.add_error("answer", _("Choose an answer before adding a note or evidence."))
        return data

    @property
    def cleaned_answer(self) -> dict:
        """The cleaned answer as a :class:`scorecard.services.assessments.Answer`."""
        data = self.cleaned_data
        chosen = data["answer"]
        return {
            "status": (ScoreStatus.SCORED if chosen in LEVELS else chosen) or None,
            "value": int(chosen) if chosen in LEVELS else None,
            "note": data["note"],
            "confidence": data["confidence"],
            "revision": data["revision"],
            "files": data["evidence"],
        }


class CriterionScoresForm:
    """The answers of every rated indicator of one criterion, validated together."""

    def __init__(
        self,
        data: Mapping | None = None,
        files: Mapping | None = None,
        *,
        indicators: Iterable[Indicator],
        scores: Mapping[int, Score],
        disabled: bool = False,
    ) -> None:
        self.data = data
        self.files = files
        self.is_bound = data is not None
        self.forms = [
            IndicatorScoreForm(data, files, indicator=indicator, score=scores.get(indicator.pk))
            for indicator in indicators
        ]
        if disabled:
            for form in self.forms:
                for field in form.fields.values():
                    field.disabled = True
        self._errors: list[str] = []

    def __iter__(self):
        return iter(self.forms)

    def non_field_errors(self) -> list[str]:
        return self._errors

    def add_error(self, message: str) -> None:
        self._errors.append(message)

    def is_valid(self) -> bool:
        if not self.is_bound:
            return False
        expected = {form.indicator.pk for form in self.forms}
        posted = {
            int(match.group(1))
            for key in [*self.data.keys(), *(self.files or {}).keys()]
            if (match := PREFIX.match(key))
        }
        if posted - expected:
            self.add_error(
                _(
                    "The form contained answers for indicators that are not part of this "
                    "criterion in this engagement (ids %(ids)s). Nothing was saved; reload the "
                    "page and try again."
                )
                % {"ids": ", ".join(str(pk) for pk in sorted(posted - expected))}
            )
        # Validate every indicator (no short-circuit) so each shows its own errors.
        results = [form.is_valid() for form in self.forms]
        return all(results) and not self._errors

    @property
    def cleaned_data(self) -> dict[int, dict]:
        return {form.indicator.pk: form.cleaned_answer for form in self.forms}
