from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "dryneedle.screening"
    verbose_name = _("Safety screening and consent")

    def ready(self) -> None:
        from dryneedle.screening.consent import current_consent_text
        from dryneedle.screening.rules import load_rules

        # Refuse to start with bad rules or consent text.
        load_rules()
        current_consent_text()
