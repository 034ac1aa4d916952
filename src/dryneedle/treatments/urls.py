from django.urls import path

from dryneedle.treatments import views

app_name = "treatments"

urlpatterns = [
    # episodes/<pk>/treatments/
    path("episodes/<int:episode_pk>/treatments/new/", views.start, name="start"),
    # treatments/<pk>/
    path("treatments/<int:treatment_pk>/", views.note, name="note"),
    path("treatments/<int:treatment_pk>/save/", views.autosave, name="save"),
    path("treatments/<int:treatment_pk>/needlings/", views.add_needling, name="add_needling"),
    path("treatments/<int:treatment_pk>/rom/", views.add_rom, name="add_rom"),
    path(
        "treatments/<int:treatment_pk>/adverse-events/",
        views.add_adverse_event,
        name="add_adverse_event",
    ),
    path(
        "treatments/<int:treatment_pk>/<slug:kind>/<int:row_pk>/remove/",
        views.remove_row,
        name="remove_row",
    ),
    path("treatments/<int:treatment_pk>/warnings/", views.site_warnings, name="warnings"),
    path("treatments/<int:treatment_pk>/muscles-at/", views.muscles_at, name="muscles_at"),
    path("treatments/<int:treatment_pk>/soap/", views.draft_soap, name="draft_soap"),
    path("treatments/<int:treatment_pk>/sign/", views.sign, name="sign"),
    path("treatments/<int:treatment_pk>/addenda/", views.add_addendum, name="add_addendum"),
    # clinic/
    path("clinic/charges.csv", views.charges_csv, name="charges"),
    path("clinic/needles/", views.needles, name="needles"),
]
