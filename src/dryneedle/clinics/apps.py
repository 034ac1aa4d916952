from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    name = "dryneedle.clinics"
    verbose_name = _("Clinics, staff and audit")

    def ready(self) -> None:
        from dryneedle.clinics import signals  # noqa: F401
