"""Benchmark: rank the whole atlas for a pain drawing (goal: p95 ≤ 5 ms).

Run: `.venv/bin/python benchmarks/ranking.py [--drawings 2000]`. No database needed.

Baseline, measured in the same run: a plain-Python reference ranking with the same formula that
works straight from the raw data dictionaries (the YAML as loaded), scores every trigger point
on both sides and recomputes zones on every call. dryneedle's ranking prepares the atlas once
(sided zone sets, and an index from region to the trigger points that refer there) and scores
only the trigger points a drawing touches. The ratio says what that preparation gains.
"""

import argparse
import random
import statistics
import time
from pathlib import Path

import yaml

from dryneedle.atlas import ranking
from dryneedle.atlas.loader import DATA_DIR, load_atlas

GOAL_P95_MS = 5.0


def raw_trigger_points() -> list[dict]:
    points = []
    for path in sorted(Path(DATA_DIR).glob("muscles-*.yaml")):
        for muscle in yaml.safe_load(path.read_text())["muscles"]:
            points.extend(muscle["trigger_points"])
    return points


def baseline_rank(drawing: list[str], points: list[dict], paired: dict[str, bool]) -> list:
    """The obvious implementation: lists, no precomputation, same formula."""
    results = []
    sided_drawing = any(":" in entry for entry in drawing)
    for point in points:
        sides_for = ("L", "R") if point.get("laterality") == "bilateral" else None
        for side in ("L", "R") if sided_drawing else ("L",):

            def sided(regions, side=side, sides_for=sides_for):
                out = []
                for r in regions:
                    if not paired[r]:
                        out.append((r, None))
                    else:
                        out.extend((r, s) for s in (sides_for or (side,)))
                return out

            essential = sided(point["essential"])
            spill = sided(point.get("spillover") or [])
            marked = []
            for entry in drawing:
                region, _, mark_side = entry.partition(":")
                marked.append((region, mark_side or None))
            covered, explained = 0.0, 0
            for region, mark_side in marked:
                if any(
                    region == r and (mark_side is None or s in (None, mark_side))
                    for r, s in essential
                ):
                    covered += 1
                    explained += 1
                elif any(
                    region == r and (mark_side is None or s in (None, mark_side)) for r, s in spill
                ):
                    covered += 0.5
                    explained += 1
            if not explained:
                continue
            hits = sum(
                1
                for r, s in essential
                if any(m == r and (ms is None or s in (None, ms)) for m, ms in marked)
            )
            spill_hits = sum(
                1
                for r, s in spill
                if any(m == r and (ms is None or s in (None, ms)) for m, ms in marked)
            )
            q = (len(spill) - spill_hits) / len(spill) if spill else 0.0
            score = covered / len(marked) * hits / len(essential) * (1 - 0.03 * q)
            if score > 0:
                results.append((round(score, 4), point["id"], side if sided_drawing else None))
    results.sort(key=lambda r: (-r[0], r[1], r[2] or ""))
    return results


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drawings", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    atlas = load_atlas()
    points = list(atlas.trigger_points.values())
    prepared = ranking.prepared(atlas)  # built once, as the server does
    raw = raw_trigger_points()
    paired = {r.id: r.paired for r in atlas.regions.values()}
    rng = random.Random(args.seed)
    paired_ids = [r for r, p in paired.items() if p]
    drawings = [
        [
            f"{r}:{rng.choice('LR')}" if paired[r] and rng.random() < 0.8 else r
            for r in rng.sample(sorted(paired), rng.randint(1, 8))
        ]
        for _ in range(args.drawings)
    ]
    assert paired_ids

    def timed(function) -> list[float]:
        times = []
        for drawing in drawings:
            start = time.perf_counter()
            function(drawing)
            times.append((time.perf_counter() - start) * 1000)
        return times

    for drawing in drawings[:200]:  # same answers, or the ratio would compare unlike things
        mine = ranking.rank(ranking.parse_drawing(drawing, atlas.regions), prepared, atlas.regions)
        theirs = baseline_rank(drawing, raw, paired)
        assert {(r.score, r.trigger_point, r.side) for r in mine} == set(theirs), drawing

    ours = timed(
        lambda d: ranking.rank(ranking.parse_drawing(d, atlas.regions), prepared, atlas.regions)
    )
    base = timed(lambda d: baseline_rank(d, raw, paired))

    print(
        f"atlas: {len(atlas.muscles)} muscles, {len(points)} trigger points; "
        f"{len(drawings)} random drawings of 1-8 regions (most marks sided); "
        "both rankings give identical answers on the first 200"
    )
    print(f"{'':<22}{'median ms':>10}{'p95 ms':>10}{'max ms':>10}")
    for name, times in (("dryneedle ranking", ours), ("baseline (plain)", base)):
        print(
            f"{name:<22}{statistics.median(times):>10.3f}{percentile(times, 0.95):>10.3f}"
            f"{max(times):>10.3f}"
        )
    p95 = percentile(ours, 0.95)
    print(f"ratio baseline/dryneedle at p95: {percentile(base, 0.95) / p95:.2f}x")
    print(
        f"goal p95 <= {GOAL_P95_MS} ms: {'met' if p95 <= GOAL_P95_MS else 'MISSED'} ({p95:.3f} ms)"
    )


if __name__ == "__main__":
    main()
