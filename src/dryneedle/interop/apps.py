from django.apps import AppConfig


class InteropConfig(AppConfig):
    name = "dryneedle.interop"
    verbose_name = "FHIR R4 and CSV exchange"
