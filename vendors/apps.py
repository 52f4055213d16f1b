from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VendorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "vendors"
    verbose_name = _("Vendor portal")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from vendors.logging import install
        from vendors.session import forget_on_login

        install()
        user_logged_in.connect(forget_on_login, dispatch_uid="vendors-forget-on-login")
