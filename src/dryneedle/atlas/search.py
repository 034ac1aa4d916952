"""Find muscles by name, id, area, or a body region they refer pain to."""

from dryneedle.atlas.loader import Atlas, Muscle


def search_muscles(atlas: Atlas, query: str, area: str = "") -> list[Muscle]:
    words = query.lower().split()
    found = []
    for muscle in atlas.muscles.values():
        if area and muscle.area != area:
            continue
        region_text = " ".join(
            atlas.regions[r].label.lower() + " " + r
            for point in muscle.trigger_points
            for r in point.zone
        )
        haystack = f"{muscle.name.lower()} {muscle.id} {muscle.area} {region_text}"
        if all(word in haystack for word in words):
            found.append(muscle)
    return sorted(found, key=lambda m: m.name.lower())
