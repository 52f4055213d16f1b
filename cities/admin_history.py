"""Reference-data admin pages that say why a record changed.

Every edit in the admin asks for a reason (optional when adding), saved as the history
record's change reason and shown in the change history beside the field-by-field changes.
``providers`` and the evaluation app's admins use this too (``cities`` is the lowest layer).
"""

from __future__ import annotations

import copy

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

# simple_history's column is 100 characters.
REASON_MAX_LENGTH = 100
REASON_FIELD = "change_reason"


class ChangeReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=REASON_MAX_LENGTH,
        required=False,
        help_text=_(
            "Saved in the change history, e.g. “INEGI ENOE Q3 2026 release” or “typo in the "
            "RFC”. Required when changing a record."
        ),
    )


class ReasonedHistoryAdmin(SimpleHistoryAdmin):
    """A ``SimpleHistoryAdmin`` whose change form asks for the reason of the change."""

    form = ChangeReasonForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if REASON_FIELD in form.base_fields:
            field = copy.deepcopy(form.base_fields[REASON_FIELD])
            field.required = obj is not None
            form.base_fields[REASON_FIELD] = field
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = {
            name
            for _title, options in fieldsets
            for entry in options.get("fields", ())
            for name in (entry if isinstance(entry, (list, tuple)) else (entry,))
        }
        if REASON_FIELD not in named:
            fieldsets.append((_("Change history"), {"fields": (REASON_FIELD,)}))
        return fieldsets

    @staticmethod
    def _reason(form, change: bool) -> str:
        typed = (getattr(form, "cleaned_data", {}) or {}).get(REASON_FIELD, "")
        if typed:
            return typed
        return gettext("Changed in the admin") if change else gettext("Added in the admin")

    def save_model(self, request, obj, form, change):
        obj._change_reason = self._reason(form, change)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        reason = self._reason(form, change)
        for inline_form in formset.forms:
            inline_form.instance._change_reason = reason
        super().save_formset(request, form, formset, change)
