"""``in`` on integer columns without the values no such column can hold.

Django drops out-of-range integers from ``exact``, ``gt``, ``lt``… on integer columns
(``IntegerFieldOverflow``) but not from ``in``: on SQLite an id beyond 64 bits then reaches the
driver, which cannot bind it (``OverflowError``, a 500). That is what a form choosing rows by
id (``ModelMultipleChoiceField``) sends for ``sites=999…9``. No row can match such a value, so
dropping it changes no result; a list left empty matches nothing, as Django's own ``in`` does.
Registered on ``IntegerField`` (and so on every auto, big and positive integer field) by
``ScorecardConfig.ready``.
"""

from __future__ import annotations

from django.db.models.lookups import In


class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
