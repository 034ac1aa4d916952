"""Table bodies of the chart data, built in Python: a page with fifty sessions would otherwise
render thousands of template nodes (the progress page's main cost, benchmarks/pages.py)."""

from collections.abc import Iterable

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def data_rows(rows: Iterable[Iterable[object]], columns: int) -> SafeString:
    """<tr> rows of escaped cells; None shows as a dash; no rows: one "No data yet." row."""
    if not rows:
        return format_html('<tr><td colspan="{}" class="muted">No data yet.</td></tr>', columns)
    return format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (format_html_join("", "<td>{}</td>", (("—" if v is None else v,) for v in row)),)
            for row in rows
        ),
    )
