from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "dryneedle.outcomes"
    verbose_name = "Outcome measures and check-ins"

    def ready(self) -> None:
        from dryneedle.outcomes import receivers  # noqa: F401
        from dryneedle.outcomes.instruments import instruments

        instruments()  # refuse to start with a bad instruments file
