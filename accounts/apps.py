from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.languages import apply_profile_language
        from accounts.middleware import mark_seen

        user_logged_in.connect(mark_seen, dispatch_uid="accounts-mark-seen")
        user_logged_in.connect(apply_profile_language, dispatch_uid="accounts-profile-language")
