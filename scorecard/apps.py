from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = _("Scorecard")

    def ready(self) -> None:
        from django.db.models import IntegerField

        from scorecard import signals  # noqa: F401 - connects the receivers
        from scorecard.lookups import IntegerFieldIn
        from scorecard.reports import checks  # noqa: F401 - registers the system check

        IntegerField.register_lookup(IntegerFieldIn)
