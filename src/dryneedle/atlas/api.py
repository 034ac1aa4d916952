"""Atlas API: regions, muscles, and the ranking of a drawing."""

from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from dryneedle.api.responses import answers
from dryneedle.api.security import api_requires
from dryneedle.atlas import ranking
from dryneedle.atlas.loader import load_atlas
from dryneedle.atlas.search import search_muscles
from dryneedle.clinics.http import MemberRequest
from dryneedle.clinics.roles import Capability

router = Router(tags=["atlas"])


class RegionOut(Schema):
    id: str
    label: str
    view: str
    paired: bool


class HazardOut(Schema):
    structure: str
    caution: str
    note: str


class TriggerPointOut(Schema):
    id: str
    name: str
    location: str
    essential: list[str]
    spillover: list[str]
    laterality: str
    unconfirmed: bool
    sources: list[str]


class MuscleSummary(Schema):
    id: str
    name: str
    area: str
    trigger_points: int
    highest_caution: str | None


class MuscleOut(Schema):
    id: str
    name: str
    area: str
    innervation: str
    hazards: list[HazardOut]
    trigger_points: list[TriggerPointOut]


class RankedOut(Schema):
    trigger_point: str
    muscle: str
    muscle_name: str
    side: str | None
    score: float
    explained: list[str]
    unexplained: list[str]


class RankingOut(Schema):
    results: list[RankedOut]


@router.get("/regions", response=answers({200: list[RegionOut]}), summary="Body-chart regions")
@api_requires(Capability.CLINICAL_VIEW)
def list_regions(request: MemberRequest) -> list[dict[str, object]]:
    return [vars(region) for region in load_atlas().regions.values()]


@router.get(
    "/muscles", response=answers({200: list[MuscleSummary]}, 422), summary="Muscles of the atlas"
)
@api_requires(Capability.CLINICAL_VIEW)
def list_muscles(request: MemberRequest, q: str = "", area: str = "") -> list[dict[str, object]]:
    return [
        {
            "id": m.id,
            "name": m.name,
            "area": m.area,
            "trigger_points": len(m.trigger_points),
            "highest_caution": m.highest_caution,
        }
        for m in search_muscles(load_atlas(), q[:80], area)
    ]


@router.get(
    "/muscles/{muscle_id}", response=answers({200: MuscleOut}, 404), summary="One muscle in full"
)
@api_requires(Capability.CLINICAL_VIEW)
def get_muscle(request: MemberRequest, muscle_id: str) -> dict[str, object]:
    muscle = load_atlas().muscles.get(muscle_id)
    if muscle is None:
        raise HttpError(404, _("No muscle '%(muscle)s' in the atlas.") % {"muscle": muscle_id})
    return {
        "id": muscle.id,
        "name": muscle.name,
        "area": muscle.area,
        "innervation": muscle.innervation,
        "hazards": [vars(h) for h in muscle.hazards],
        "trigger_points": [
            {
                "id": tp.id,
                "name": tp.name,
                "location": tp.location,
                "essential": sorted(tp.essential),
                "spillover": sorted(tp.spillover),
                "laterality": tp.laterality,
                "unconfirmed": tp.unconfirmed,
                "sources": [s.citation for s in tp.sources],
            }
            for tp in muscle.trigger_points
        ],
    }


@router.get(
    "/rank",
    response=answers({200: RankingOut}, 400, 422),
    summary="Rank trigger points for a pain drawing",
    description="`regions` (required): comma-separated region ids, each optionally with "
    "`:L`/`:R` and `=weight` (0–10], e.g. `temple:L,occiput=2`. Missing or empty: 422; "
    "an unknown region: 400 with suggestions.",
)
@api_requires(Capability.CLINICAL_VIEW)
def rank(
    request: MemberRequest,
    # Required: there is nothing to rank without a drawing, so no default could be right.
    regions: str = Query(..., min_length=1, examples=["temple:L,occiput=2"]),
    limit: int = Query(10, ge=1, le=200),
) -> dict[str, object]:
    atlas = load_atlas()
    marks = parse_marks(regions.split(","))
    results = ranking.rank(marks, ranking.prepared(atlas), atlas.regions, limit=limit)
    return {"results": [ranking.result_dict(r, atlas.muscles) for r in results]}


def parse_marks(entries: list[str]) -> list[ranking.Mark]:
    try:
        marks = ranking.parse_drawing(entries[:200], load_atlas().regions)
    except ranking.DrawingError as error:
        raise HttpError(400, error.with_suggestions) from None
    if not marks:
        raise HttpError(400, _("Give at least one region."))
    return marks
