from collections.abc import Mapping

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, object], key: str) -> object:
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key)
