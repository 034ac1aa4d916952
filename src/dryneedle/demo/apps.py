from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`dryneedle demo` and `dryneedle synth`: the demo clinic and synthetic data.

    The top of the stack: it writes through every domain app, and no app imports it.
    """

    name = "dryneedle.demo"
    verbose_name = _("Demo clinic and synthetic data")
