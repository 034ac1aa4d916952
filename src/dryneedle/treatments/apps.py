from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "dryneedle.treatments"
    verbose_name = "Treatment notes"
