from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "dryneedle.screening"
    verbose_name = "Safety screening and consent"

    def ready(self) -> None:
        from dryneedle.screening.consent import current_consent_text
        from dryneedle.screening.rules import load_rules

        # Refuse to start with bad rules or consent text.
        load_rules()
        current_consent_text()
