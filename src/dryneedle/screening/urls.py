from django.urls import path

from dryneedle.screening import views

app_name = "screening"

urlpatterns = [
    # episodes/<pk>/screening/
    path("episodes/<int:episode_pk>/screening/", views.screening_new, name="new"),
    # screenings/
    path("screenings/<int:screening_pk>/", views.screening_detail, name="detail"),
    # patients/<pk>/consent/
    path("patients/<int:patient_pk>/consent/", views.consent_new, name="consent"),
]
