from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dryneedle.atlas.loader import load_atlas


class AtlasConfig(AppConfig):
    name = "dryneedle.atlas"
    verbose_name = _("Trigger-point atlas and pain drawings")

    def ready(self) -> None:
        # Refuse to start with bad atlas data: the message names file, entry and field.
        load_atlas()
