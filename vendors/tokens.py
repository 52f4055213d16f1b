"""Invitation link tokens: 256 random bits shown once (in the e-mail and by the command),
stored only as their SHA-256 hash, so a database dump opens no questionnaire.

Why our own token and not django-sesame: sesame logs a *user* in, and a logged-in user passes
``LoginRequiredMiddleware`` everywhere (cities, providers, the home page). A vendor is not a
user: the session holds one invitation's id, every other page still sees an anonymous visitor
(login redirect or 404), and the token is single-purpose by construction (its hash names one
invitation), expiring (``link_expires_at``) and revocable (``revoked_at``).
"""

from __future__ import annotations

import hashlib
import re
import secrets

# token_urlsafe(32): 43 characters of [A-Za-z0-9_-].
TOKEN_BYTES = 32
TOKEN_PATTERN = r"[A-Za-z0-9_-]{20,100}"
# The link's path in any text (logs): the token is whatever follows /vendors/link/.
LINK_IN_TEXT = re.compile(r"(/vendors/link/)[^/\s'\"?]+")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def redact(text: str) -> str:
    """``text`` with every vendor link's token replaced (for log records)."""
    return LINK_IN_TEXT.sub(r"\1[redacted]", text)
