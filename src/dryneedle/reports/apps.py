from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "dryneedle.reports"
    verbose_name = _("Progress charts, PDF reports and clinic analytics")
