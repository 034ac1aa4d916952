from django.urls import path

from dryneedle.outcomes import views

# Patient links (no sign-in; the token is the credential). Not namespaced: short URLs.
urlpatterns = [
    path("q/<str:token>/", views.questionnaire, name="questionnaire"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
]
