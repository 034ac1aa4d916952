from django.urls import path

from dryneedle.atlas import views

app_name = "atlas"

urlpatterns = [
    # atlas/
    path("atlas/", views.atlas_index, name="index"),
    path("atlas/rank/", views.rank_view, name="rank"),
    path("atlas/muscles/<slug:muscle_id>/", views.muscle_detail, name="muscle"),
]
