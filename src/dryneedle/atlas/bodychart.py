"""The body chart: shapes from data/body-chart.yaml, coloured by a state per region.

One chart serves a pain drawing (marks with intensity), a referral pattern (essential and
spillover zones) and, later, the needling sites of a treatment. States are keyed like pain
drawing marks: "temple:L" for one side, "temple" for a midline region or for both sides.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.html import format_html, format_html_join

from dryneedle.atlas.loader import DATA_DIR, AtlasDataError, TriggerPoint, load_atlas, site_key
from dryneedle.atlas.ranking import Mark

SIDE_NAMES = {"L": "left", "R": "right"}


@dataclass(frozen=True)
class Shape:
    region: str
    side: str | None
    d: str

    @property
    def key(self) -> str:
        return site_key(self.region, self.side)


@dataclass(frozen=True)
class View:
    name: str
    title: str
    silhouette: str
    shapes: tuple[Shape, ...]


@cache
def chart_views() -> tuple[str, tuple[View, ...]]:
    """(viewBox, views) from the chart data file."""
    data = yaml.safe_load((DATA_DIR / "body-chart.yaml").read_text(encoding="utf-8"))
    views = tuple(
        View(
            name=name,
            title=view.get("title", name.title()),
            silhouette=view["silhouette"],
            shapes=tuple(
                Shape(region=s["region"], side=s.get("side"), d=s["d"]) for s in view["regions"]
            ),
        )
        for name, view in data["views"].items()
    )
    return data["view_box"], views


def region_label(key: str) -> str:
    region_id, _, side = key.partition(":")
    region = load_atlas().regions.get(region_id)
    label = region.label if region else region_id
    return f"{label}, {SIDE_NAMES[side]}" if side in SIDE_NAMES else label


def state_for(shape: Shape, states: dict[str, str]) -> str:
    return states.get(shape.key) or states.get(shape.region, "")


def _shape_html(shape: Shape, state: str, interactive: bool) -> str:
    label = region_label(shape.key)
    controls = (
        format_html(' tabindex="0" role="button" aria-pressed="{}"', "true" if state else "false")
        if interactive
        else ""
    )
    return format_html(
        '<path class="region{}" d="{}" data-key="{}" data-label="{}"{} aria-label="{}">'
        "<title>{}</title></path>",
        f" {state}" if state else "",
        shape.d,
        shape.key,
        label,
        controls,
        label,
        label,
    )


def chart_context(states: dict[str, str] | None = None, *, interactive: bool = False) -> dict:
    """Template context for atlas/_body_chart.html. The region paths are built here rather
    than in a template loop: the chart is on most clinical pages and a loop over every region
    was a large share of their rendering time."""
    states = states or {}
    view_box, views = chart_views()
    return {
        "view_box": view_box,
        "interactive": interactive,
        "views": [
            {
                "name": view.name,
                "title": view.title,
                "silhouette": view.silhouette,
                "shapes_html": format_html_join(
                    "\n",
                    "{}",
                    (
                        (_shape_html(shape, state_for(shape, states), interactive),)
                        for shape in view.shapes
                    ),
                ),
            }
            for view in views
        ],
    }


def referral_states(trigger_points: Iterable[TriggerPoint], side: str = "R") -> dict[str, str]:
    """Referral zones of trigger points on the patient's `side` (both sides when bilateral).

    Essential zones win over spillover where several trigger points are drawn together.
    """
    regions = load_atlas().regions

    def keys(region_id: str, laterality: str) -> list[str]:
        if not regions[region_id].paired:
            return [region_id]
        if laterality == "bilateral":
            return [site_key(region_id, "L"), site_key(region_id, "R")]
        return [site_key(region_id, side)]

    states: dict[str, str] = {}
    for point in trigger_points:
        for region in point.spillover:
            for key in keys(region, point.laterality):
                states.setdefault(key, "spillover")
        for region in point.essential:
            for key in keys(region, point.laterality):
                states[key] = "essential"
    return states


def drawing_states(marks: Iterable[Mark]) -> dict[str, str]:
    return {mark.key: f"mark-{min(3, max(1, round(mark.weight)))}" for mark in marks}


@dataclass(frozen=True)
class RegionGroup:
    id: str
    label: str
    regions: tuple[str, ...]  # region ids, in body-regions.yaml order


@cache
def region_groups(path: Path = DATA_DIR / "region-groups.yaml") -> tuple[RegionGroup, ...]:
    """Body regions grouped by body part (data/region-groups.yaml), each region in exactly
    one group; anything else is refused naming the file and the region."""
    regions = load_atlas().regions
    rows = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("groups") or []
    groups = tuple(
        RegionGroup(id=row["id"], label=row["label"], regions=tuple(row["regions"])) for row in rows
    )
    listed = [region for group in groups for region in group.regions]
    problems = sorted({r for r in listed if listed.count(r) > 1 or r not in regions}) + sorted(
        set(regions) - set(listed)
    )
    if problems:
        raise AtlasDataError(
            f"{path.name}: every region must be in exactly one group; check {problems}"
        )
    return groups
