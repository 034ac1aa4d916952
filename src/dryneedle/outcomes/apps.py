from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "dryneedle.outcomes"
    verbose_name = _("Outcome measures and check-ins")

    def ready(self) -> None:
        from dryneedle.outcomes import receivers  # noqa: F401
        from dryneedle.outcomes.instruments import instruments

        instruments()  # refuse to start with a bad instruments file
