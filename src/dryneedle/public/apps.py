from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dryneedle.public.self_check import load_red_flags


class PublicConfig(AppConfig):
    """The clinic's public pages: what dry needling is, the self-check, booking requests."""

    name = "dryneedle.public"
    verbose_name = _("Public pages and booking requests")

    def ready(self) -> None:
        load_red_flags()  # refuse to start with a bad red-flags file
