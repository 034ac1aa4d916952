from django.urls import path

from dryneedle.reports import analytics_views, views

app_name = "reports"

urlpatterns = [
    # episodes/<pk>/progress/
    path("episodes/<int:episode_pk>/progress/", views.progress_page, name="progress"),
    path("episodes/<int:episode_pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("episodes/<int:episode_pk>/charts/<slug:chart_name>.svg", views.chart, name="chart"),
    # clinic/analytics/
    path("clinic/analytics/", analytics_views.analytics_page, name="analytics"),
]
