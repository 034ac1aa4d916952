from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dryneedle.reports"
    verbose_name = "Progress charts, PDF reports and clinic analytics"
