from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentsConfig(AppConfig):
    name = "dryneedle.treatments"
    verbose_name = _("Treatment notes")
