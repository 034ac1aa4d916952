from django.urls import path

from dryneedle.atlas import views

app_name = "atlas"

urlpatterns = [
    # atlas/
    path("atlas/", views.atlas_index, name="index"),
    path("atlas/rank/", views.rank_view, name="rank"),
    path("atlas/muscles/<slug:muscle_id>/", views.muscle_detail, name="muscle"),
    # episodes/<pk>/pain-drawing/
    path("episodes/<int:episode_pk>/pain-drawing/", views.pain_drawing, name="pain_drawing"),
    path(
        "episodes/<int:episode_pk>/pain-drawing/save/",
        views.pain_drawing_save,
        name="pain_drawing_save",
    ),
]
