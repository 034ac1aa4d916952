from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The signed-in start page: the day's work gathered from every domain."""

    name = "dryneedle.home"
    verbose_name = _("Home")
