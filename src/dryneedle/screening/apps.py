from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "dryneedle.screening"
    verbose_name = _("Safety screening, consent and booking requests")

    def ready(self) -> None:
        from dryneedle.screening.consent import current_consent_text
        from dryneedle.screening.public import load_red_flags
        from dryneedle.screening.rules import load_rules

        # Refuse to start with bad rules, red flags or consent text.
        load_rules()
        load_red_flags()
        current_consent_text()
