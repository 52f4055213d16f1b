"""Forms of the providers app: the provider-list filter."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cities.models import City
from providers.models import Credential, CredentialKind, Language, Provider, ServiceFunction


class ProviderFilterForm(forms.Form):
    """GET filter for the provider list; every field is optional."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    city = forms.ModelChoiceField(
        label=_("Delivers from"), queryset=City.objects.all(), required=False, to_field_name="slug"
    )
    function = forms.ModelChoiceField(
        label=_("Function"),
        queryset=ServiceFunction.objects.all(),
        required=False,
        to_field_name="code",
    )
    language = forms.ModelChoiceField(
        label=_("Language"), queryset=Language.objects.all(), required=False, to_field_name="code"
    )
    certification = forms.ChoiceField(
        label=_("Current certification"),
        choices=[("", "---------"), *CredentialKind.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-3"),
                Column("city", css_class="col-md-2"),
                Column("function", css_class="col-md-2"),
                Column("language", css_class="col-md-2"),
                Column("certification", css_class="col-md-2"),
                Column(Submit("", _("Filter"), css_class="mt-md-4"), css_class="col-md-1"),
            )
        )

    def filter(self, providers: QuerySet[Provider]) -> QuerySet[Provider]:
        """Apply the valid filters; an invalid form filters nothing (its errors are shown)."""
        if not self.is_valid():
            return providers
        data = self.cleaned_data
        if data["q"]:
            providers = providers.filter(
                Q(trade_name__icontains=data["q"])
                | Q(legal_name__icontains=data["q"])
                | Q(rfc__iexact=data["q"])
            )
        if data["city"]:
            providers = providers.filter(sites__city=data["city"])
        if data["function"]:
            providers = providers.filter(
                Q(functions=data["function"]) | Q(sites__functions=data["function"])
            )
        if data["language"]:
            providers = providers.filter(
                Q(languages=data["language"]) | Q(sites__languages=data["language"])
            )
        if data["certification"]:
            current = Credential.objects.current().filter(kind=data["certification"])
            providers = providers.filter(credentials__in=current)
        return providers.distinct()
