from django.urls import path

from dryneedle.outcomes import views

app_name = "outcomes"

urlpatterns = [
    # episodes/<pk>/outcomes/
    path(
        "episodes/<int:episode_pk>/outcomes/<slug:instrument_id>/new/",
        views.response_new,
        name="response_new",
    ),
    path(
        "episodes/<int:episode_pk>/outcomes/<slug:instrument_id>/link/",
        views.link_new,
        name="link_new",
    ),
    # checkins/
    path("checkins/<int:checkin_pk>/reviewed/", views.checkin_reviewed, name="checkin_reviewed"),
    path("checkins/<int:checkin_pk>/link/", views.checkin_link, name="checkin_link"),
    # the demo outbox (DRYNEEDLE_DEMO_OUTBOX)
    path("outbox/", views.outbox, name="outbox"),
]
