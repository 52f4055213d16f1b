"""Path converters.

``id`` is Django's ``int`` bounded to what a primary-key column can hold: a number of up to 18
digits (below 2**63). A longer one matches no URL, so it answers 404 like any id that does not
exist, instead of reaching the database driver, which cannot bind it (``OverflowError``: a 500).
"""

from __future__ import annotations


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
