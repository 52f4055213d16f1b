"""static/js/admin_translation_tabs.js: one tab per language on a translated model's admin page."""

import pytest
from django.urls import reverse

from scorecard.models import GateDefinition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_translation_tabs_show_one_language_at_a_time(page, login):
    UserFactory(username="browser-admin", is_staff=True, is_superuser=True)
    gate = GateDefinition.objects.create(
        code="repse-valid",
        name_en="Valid REPSE registration",
        name_es_mx="Registro REPSE vigente",
        description_en="Fails without REPSE.",
        fact="repse_valid",
    )
    login("browser-admin")

    page.goto(reverse("admin:scorecard_gatedefinition_change", args=[gate.pk]))
    english_first = (
        page.locator("#id_name_en").is_visible(),
        page.locator("#id_name_es_mx").is_visible(),
    )
    page.get_by_role("tab", name="ES-MX").click()
    spanish_after = (
        page.locator("#id_name_en").is_visible(),
        page.locator("#id_name_es_mx").is_visible(),
    )

    assert english_first == (True, False)
    assert spanish_after == (False, True)
    assert page.locator("#id_code").is_visible()  # untranslated fields stay on every tab
    assert page.get_by_role("tab", name="ES-MX").get_attribute("aria-selected") == "true"
    assert page.js_errors == []
