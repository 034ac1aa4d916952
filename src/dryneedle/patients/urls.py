from django.urls import path

from dryneedle.patients import pain_drawings, views

app_name = "patients"

urlpatterns = [
    # patients/
    path("patients/", views.patient_list, name="list"),
    path("patients/new/", views.patient_create, name="create"),
    path("patients/<int:patient_pk>/", views.patient_detail, name="detail"),
    path("patients/<int:patient_pk>/edit/", views.patient_edit, name="edit"),
    path("patients/<int:patient_pk>/archive/", views.patient_archive, name="archive"),
    path("patients/<int:patient_pk>/restore/", views.patient_restore, name="restore"),
    path("patients/<int:patient_pk>/episodes/new/", views.episode_create, name="episode_create"),
    # episodes/
    path("episodes/<int:episode_pk>/", views.episode_detail, name="episode"),
    path("episodes/<int:episode_pk>/edit/", views.episode_edit, name="episode_edit"),
    # episodes/<pk>/pain-drawing/
    path(
        "episodes/<int:episode_pk>/pain-drawing/",
        pain_drawings.pain_drawing,
        name="pain_drawing",
    ),
    path(
        "episodes/<int:episode_pk>/pain-drawing/save/",
        pain_drawings.pain_drawing_save,
        name="pain_drawing_save",
    ),
]
