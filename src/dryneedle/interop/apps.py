from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "dryneedle.interop"
    verbose_name = _("FHIR R4 and CSV exchange")
