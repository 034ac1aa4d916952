from django.urls import path

from dryneedle.public import inbox, views

app_name = "public"

urlpatterns = [
    # c/<clinic slug>/  (the clinic's public pages, no sign-in)
    path("c/<slug:clinic_slug>/", views.home, name="home"),
    path("c/<slug:clinic_slug>/dry-needling/", views.learn, name="learn"),
    path("c/<slug:clinic_slug>/self-check/", views.self_check, name="self_check"),
    path(
        "c/<slug:clinic_slug>/self-check/result/", views.self_check_result, name="self_check_result"
    ),
    path("c/<slug:clinic_slug>/book/", views.book, name="book"),
    path("c/<slug:clinic_slug>/book/thanks/", views.thanks, name="thanks"),
    # clinic/bookings/  (staff: the requests sent from the public pages)
    path("clinic/bookings/", inbox.booking_inbox, name="bookings"),
    path("clinic/bookings/<int:booking_pk>/", inbox.booking_detail, name="booking"),
    path("clinic/bookings/<int:booking_pk>/status/", inbox.booking_status, name="booking_status"),
]
