from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dryneedle.screening.consent import current_consent_text
from dryneedle.screening.rules import load_rules


class ScreeningConfig(AppConfig):
    name = "dryneedle.screening"
    verbose_name = _("Safety screening and consent")

    def ready(self) -> None:
        # Refuse to start with bad rules or consent text.
        load_rules()
        current_consent_text()
