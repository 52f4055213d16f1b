"""Walk every same-site page a logged-in client can reach (the golden demo test and the
Spanish page walk share it)."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

# At most this many pages of one shape (the path with every number replaced), so that the
# admin's change pages for hundreds of reference rows do not make the crawl take minutes.
PER_SHAPE = 12
SKIPPED = re.compile(r"/(logout|static|media)/|/admin/r/|/admin/jsi18n/|/admin/logout/")
_HREF = re.compile(r'href="([^"#]+)"')


def _raw(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def crawl(
    client, start: list[str], content: Callable[[object], bytes] = _raw
) -> dict[str, tuple[int, bytes]]:
    """GET every same-site page reachable from ``start`` (breadth first, links sorted):
    ``{url: (status, content(response))}``."""
    seen: dict[str, tuple[int, bytes]] = {}
    shapes: dict[str, int] = {}
    queue: deque[str] = deque()

    def enqueue(url: str) -> None:
        shape = _shape(url)
        if url in seen or SKIPPED.search(url) or shapes.get(shape, 0) >= PER_SHAPE:
            return
        shapes[shape] = shapes.get(shape, 0) + 1
        seen[url] = (0, b"")
        queue.append(url)

    for url in start:
        enqueue(url)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        body = content(response)
        seen[url] = (response.status_code, body)
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in sorted(set(_HREF.findall(body.decode("utf-8", "replace")))):
            link = urljoin(url, link.replace("&amp;", "&"))
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            # The admin's sort orders and filters are Django's, not ours: its pages without them.
            enqueue(parts.path if parts.path.startswith("/admin/") else link)
    return seen
