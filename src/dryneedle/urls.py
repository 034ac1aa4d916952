"""Root URL configuration."""

from django.contrib import admin
from django.urls import include, path

from dryneedle.accounts import views as account_views
from dryneedle.home import views as home_views
from dryneedle.json_api import api

urlpatterns = [
    path("", home_views.home, name="home"),
    path("login/", account_views.login, name="login"),
    path("logout/", account_views.logout, name="logout"),
    path("", include("dryneedle.accounts.urls")),
    path("", include("dryneedle.clinics.urls")),
    path("", include("dryneedle.patients.urls")),
    path("", include("dryneedle.atlas.urls")),
    path("", include("dryneedle.screening.urls")),
    path("", include("dryneedle.public.urls")),
    path("", include("dryneedle.treatments.urls")),
    path("", include("dryneedle.outcomes.urls")),
    path("", include("dryneedle.outcomes.public_urls")),
    path("", include("dryneedle.reports.urls")),
    path("", include("dryneedle.interop.urls")),
    path("api/", api.urls),
    path("operator/", admin.site.urls),
]

handler400 = "dryneedle.errors.bad_request"
handler403 = "dryneedle.errors.permission_denied"
handler404 = "dryneedle.errors.not_found"
handler500 = "dryneedle.errors.server_error"
