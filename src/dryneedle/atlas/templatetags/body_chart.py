from django import template

from dryneedle.atlas.bodychart import chart_context

register = template.Library()


@register.inclusion_tag("atlas/_body_chart.html")
def body_chart(states=None, interactive=False, caption=""):
    """Render the body chart; `states` maps region keys to a CSS state class."""
    return {**chart_context(states, interactive=interactive), "caption": caption}
