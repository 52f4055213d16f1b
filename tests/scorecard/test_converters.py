"""Ids beyond what a primary key can hold answer 404 on every engagement URL, never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from scorecard.converters import IdConverter
from scorecard.models import Role

pytestmark = pytest.mark.django_db

TOO_LARGE = ("9223372036854775808", "9" * 40)  # 2**63, and far beyond


def _engagement_routes() -> list[str]:
    routes = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "scorecard":
                routes.append("/" + route)

    walk(get_resolver().url_patterns, "", None)
    return routes


def _fill(route: str, ids: dict[str, str], value: str) -> str:
    """The route with ``ids`` for the named ids, ``value`` for every other id, "x" elsewhere."""
    route = re.sub(r"<id:(\w+)>", lambda match: ids.get(match[1], value), route)
    return re.sub(r"<(?:\w+:)?\w+>", "x", route)


def test_converter_takes_up_to_eighteen_digits():
    assert re.fullmatch(IdConverter.regex, "9" * 18)
    assert not re.fullmatch(IdConverter.regex, "9" * 19)


@pytest.mark.parametrize("value", TOO_LARGE)
def test_engagement_urls_with_ids_out_of_range_answer_404(client, world, value):
    client.force_login(world.users[Role.CONSULTANT])
    routes = [route for route in _engagement_routes() if "<id:" in route]
    assert len(routes) > 30
    urls = {_fill(route, {}, value) for route in routes}  # the engagement's id too
    own = {"pk": str(world.engagement.pk)}
    urls |= {_fill(route, own, value) for route in routes if re.search(r"<id:(?!pk>)", route)}
    answers = {url: (client.get(url).status_code, client.post(url).status_code) for url in urls}
    assert {url: codes for url, codes in answers.items() if codes != (404, 404)} == {}
