from collections.abc import Iterable

from django import template

from dryneedle.atlas.bodychart import chart_context
from dryneedle.atlas.bodychart import region_label as _region_label

register = template.Library()


@register.inclusion_tag("atlas/_body_chart.html")
def body_chart(
    states: dict[str, str] | None = None, interactive: bool = False, caption: str = ""
) -> dict[str, object]:
    """Render the body chart; `states` maps region keys to a CSS state class."""
    return {**chart_context(states, interactive=interactive), "caption": caption}


@register.filter
def region_labels(keys: Iterable[str]) -> str:
    """Region keys ("anterior_arm:R") as the labels people read ("Front of upper arm, right")."""
    return ", ".join(_region_label(key) for key in keys)
