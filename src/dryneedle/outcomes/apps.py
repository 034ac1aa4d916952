from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dryneedle.outcomes.instruments import instruments


class OutcomesConfig(AppConfig):
    name = "dryneedle.outcomes"
    verbose_name = _("Outcome measures and check-ins")

    def ready(self) -> None:
        # Receivers import the models, which are not ready when this module is imported.
        from dryneedle.outcomes import receivers  # noqa: F401, PLC0415

        instruments()  # refuse to start with a bad instruments file
