"""Hypothesis fuzzing of every engagement form: any input gets an answer, never a 500.

The forms are found by reading the pages themselves: every ``<form method="post">`` on every
engagement page a consultant (the most permissive role) can open, with the names of its
inputs. Hypothesis then posts hostile values (empty, huge, negative, non-numeric, control
characters, other engagements' ids) to each form's action.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import CriterionFactory, IndicatorFactory, UserFactory
from tests.scorecard.test_tenant_isolation import _tenant

FORM = re.compile(r'<form\b[^>]*method="post"[^>]*>(.*?)</form>', re.S | re.I)
ACTION = re.compile(r'action="([^"]*)"')
NAME = re.compile(r'\bname="([^"]+)"')

hostile = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "1e309",
            "NaN",
            "9" * 40,
            "<script>",
            "'; DROP TABLE x;--",
            "\x00",
            "1/0",
            "ninety",
            "2027-02-30",
            "99999999",
        ]
    ),
)


def _pages(ids: dict) -> list[str]:
    pages = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace == "scorecard" and pattern.name:
                names = list(pattern.pattern.converters)
                if all(name in ids for name in names):
                    pages.append(
                        reverse(
                            f"scorecard:{pattern.name}", kwargs={name: ids[name] for name in names}
                        )
                    )

    walk(get_resolver().url_patterns, None)
    return pages


def _forms(client, pages: list[str]) -> dict[str, set[str]]:
    """``{action URL: input names}`` of the POST forms on ``pages``."""
    forms: dict[str, set[str]] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for match in FORM.finditer(html):
            tag = html[match.start() : match.start() + html[match.start() :].index(">") + 1]
            action = ACTION.search(tag)
            url = urljoin(page, action.group(1)) if action and action.group(1) else page
            names = set(NAME.findall(match.group(1))) - {"csrfmiddlewaretoken"}
            forms.setdefault(url, set()).update(names)
    # The navigation's log-out button: posted first (in sorted order), it would send every
    # later post to the login page instead of the form.
    forms.pop(reverse("logout"), None)
    return forms


@pytest.fixture
def consultant_forms(client, db):
    criterion = CriterionFactory(code="service")
    IndicatorFactory(criterion=criterion, code="omnichannel", default_weight=100)
    consultant = UserFactory(username="fuzz-consultant")
    ids = _tenant(consultant, UserFactory(username="fuzz-analyst"), UserFactory(username="v"))
    client.force_login(consultant)
    forms = _forms(client, _pages(ids))
    assert len(forms) >= 15, sorted(forms)
    return client, forms


def _post_hostile(client, forms: dict[str, set[str]], data) -> None:
    """Post hostile values to every form; each is answered by the form itself (accepted, or
    re-shown saying what is wrong) or refused to this role (403), never a 500 or a 404."""
    for url, names in sorted(forms.items()):
        payload = {name: data.draw(hostile, label=f"{url} {name}") for name in sorted(names)}
        # Each post starts from the same data: one that removed the consultant's membership or
        # deleted a risk would otherwise turn every later post into a 404 that tests nothing.
        with transaction.atomic():
            response = client.post(url, payload)
            transaction.set_rollback(True)
        assert response.status_code < 500, (url, payload)
        # 403: the analyst's own assessment form, shown read-only to the consultant.
        assert response.status_code in (200, 302, 403), (url, response.status_code, payload)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            # A re-shown form says what is wrong instead of failing silently.
            body = response.content.decode()
            assert "invalid-feedback" in body or "alert" in body or "errorlist" in body, url


FUZZ = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(data=st.data())
def test_no_form_answers_500(consultant_forms, data):
    _post_hostile(*consultant_forms, data)


@pytest.fixture
def two_factor_forms(client, db):
    """The forms of the two-factor pages: the code page (read before the code is entered),
    then the security page of a user with two-factor on."""
    from tests.accounts.test_two_factor import enrol, fresh_code, log_in

    user = UserFactory(username="fuzz-two-factor")
    device, _codes = enrol(user)
    log_in(client, user)
    verify = reverse("accounts:two-factor-verify")
    forms = _forms(client, [verify])
    client.post(verify, {"code": fresh_code(device)})
    forms |= _forms(client, [reverse("accounts:two-factor")])
    assert len(forms) == 5, sorted(forms)  # four two-factor forms and the language switch
    return client, forms


@FUZZ
@given(data=st.data())
def test_no_two_factor_form_answers_500(two_factor_forms, data):
    _post_hostile(*two_factor_forms, data)
