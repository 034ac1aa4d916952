from django.urls import path

from dryneedle.clinics import views

app_name = "clinics"

urlpatterns = [
    # clinic/
    path("clinic/choose/", views.choose, name="choose"),
    path("clinic/audit/", views.audit_log, name="audit"),
    path("clinic/audit/export.csv", views.audit_export, name="audit_export"),
]
