"""Caps on text users type, in characters.

Every such text can end up in the PDF report; a text of megabytes (a 4.5 MB risk description
was accepted once) held a report worker for its whole timeout. ``TextField(max_length=...)``
puts the cap in every form built from the model (and in the textarea's ``maxlength``); the
database column stays unbounded.
"""

from __future__ import annotations

LONG_TEXT_MAX_CHARS = 5000
