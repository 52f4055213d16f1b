"""Pages a strict Content-Security-Policy would break: inline code or styles."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles(client, world):
    """Everything a strict CSP would block: inline <script> code, style attributes, <style>."""
    from scorecard.models import Role

    client.force_login(world.users[Role.CONSULTANT])
    pk = world.engagement.pk
    urls = [
        reverse("home"),
        reverse("scorecard:engagement-detail", kwargs={"pk": pk}),
        reverse("scorecard:results", kwargs={"pk": pk}),
        reverse("scorecard:results-robustness", kwargs={"pk": pk}),
        reverse("scorecard:weights", kwargs={"pk": pk}),
        reverse("scorecard:candidate-list", kwargs={"pk": pk}),
        reverse("scorecard:assessment-list", kwargs={"pk": pk}),
        reverse("scorecard:report-list", kwargs={"pk": pk}),
        reverse("scorecard:costs", kwargs={"pk": pk}),
        reverse("scorecard:compliance", kwargs={"pk": pk}),
        reverse("scorecard:governance", kwargs={"pk": pk}),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert " style=" not in html, url
        assert "<style" not in html, url
