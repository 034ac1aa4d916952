from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicsConfig(AppConfig):
    name = "dryneedle.clinics"
    verbose_name = _("Clinics, staff and audit")

    def ready(self) -> None:
        # Receivers import the models, which are not ready when this module is imported.
        from dryneedle.clinics import signals  # noqa: F401, PLC0415
