from django.urls import path

from dryneedle.interop import views

app_name = "interop"

urlpatterns = [
    # clinic/import/
    path("clinic/import/patients/", views.import_patients, name="import_patients"),
]
