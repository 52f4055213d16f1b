"""Keeps invitation link tokens out of every log: request warnings (``django.request``),
the development server's and gunicorn's access lines. Installed on those loggers by
:meth:`vendors.apps.VendorsConfig.ready` (a logger's own filter runs before any handler,
a test's capture included)."""

from __future__ import annotations

import logging

from vendors.tokens import LINK_IN_TEXT, redact

FILTERED_LOGGERS = ("django.request", "django.server", "gunicorn.access", "gunicorn.error")
_STANDARD = set(vars(logging.makeLogRecord({})))


class RedactLinkTokens(logging.Filter):
    """Rewrites a record whose message or extra fields contain a vendor link."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if LINK_IN_TEXT.search(message):
            record.msg, record.args = redact(message), ()
        for key, value in list(vars(record).items()):
            if key in _STANDARD or key.startswith("_"):
                continue
            shown = value if isinstance(value, str) else repr(value)
            if LINK_IN_TEXT.search(shown):
                setattr(record, key, redact(shown))
        return True


def install() -> None:
    for name in FILTERED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactLinkTokens) for f in logger.filters):
            logger.addFilter(RedactLinkTokens())
