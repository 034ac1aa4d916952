from django.apps import AppConfig


class ClinicsConfig(AppConfig):
    name = "dryneedle.clinics"
    verbose_name = "Clinics, staff and audit"

    def ready(self) -> None:
        from dryneedle.clinics import signals  # noqa: F401
