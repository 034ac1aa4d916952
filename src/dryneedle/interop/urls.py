app_name = "interop"

urlpatterns: list = []  # routes arrive with the CSV import
