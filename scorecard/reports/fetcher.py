"""The only way WeasyPrint reaches a file: the app's own static files and ``data:`` URIs.

User text is escaped in the templates, so it cannot add an element; this fetcher is the second
wall. Everything else (``file://`` outside the static folders, ``http(s)://``, ``ftp://``…)
is refused without being opened, so a report can neither read the server's files nor make a
request; nothing is followed, so there are no redirects.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse


def static_roots() -> list[Path]:
    """The folders the app's static files come from: the finders' and STATIC_ROOT."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    roots: list[Path] = []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
        for location in getattr(finder, "locations", []):
            roots.append(Path(location[1] if isinstance(location, tuple) else location))
    roots.append(Path(settings.STATIC_ROOT))
    unique = dict.fromkeys(root.resolve() for root in roots)
    return list(unique)


def static_file_url(path: str) -> str:
    """A ``file://`` URL for the static file ``path`` (e.g. ``report/report.css``)."""
    from django.conf import settings
    from django.contrib.staticfiles import finders

    found = finders.find(path) or str(Path(settings.STATIC_ROOT) / path)
    return Path(found).resolve().as_uri()


class StaticOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher serving files under ``roots`` and ``data:`` URIs only."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [Path(root).resolve() for root in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url[:200])
        raise ValueError(f"Refused to fetch {url[:80]!r}: reports only use the app's own files.")
