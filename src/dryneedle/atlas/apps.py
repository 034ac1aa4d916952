from django.apps import AppConfig

from dryneedle.atlas.loader import load_atlas


class AtlasConfig(AppConfig):
    name = "dryneedle.atlas"
    verbose_name = "Trigger-point atlas and pain drawings"

    def ready(self) -> None:
        # Refuse to start with bad atlas data: the message names file, entry and field.
        load_atlas()
