from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dryneedle.accounts"
    verbose_name = "Staff accounts"
