from django.apps import AppConfig


class AtlasConfig(AppConfig):
    name = "dryneedle.atlas"
    verbose_name = "Trigger-point atlas and pain drawings"

    def ready(self) -> None:
        # Refuse to start with bad atlas data: the message names file, entry and field.
        from dryneedle.atlas.loader import load_atlas

        load_atlas()
