from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "dryneedle.patients"
    verbose_name = "Patients and episodes of care"
