"""Load and validate the atlas data files (regions, muscles, trigger points, protocols).

Pure Python (no Django). The files in `data/` are the single source of truth; anything that
does not validate is refused with an `AtlasDataError` naming the file, the entry and the field.
"""

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml

from dryneedle.atlas import icd10

DATA_DIR = Path(__file__).with_name("data")

AREAS = (
    "head",
    "neck",
    "shoulder",
    "chest",
    "back",
    "abdomen",
    "hip",
    "arm",
    "forearm",
    "hand",
    "thigh",
    "leg",
    "foot",
)
STRUCTURES = ("lung_pleura", "major_vessel", "nerve", "organ", "other")
CAUTIONS = ("high", "moderate", "low")
LATERALITIES = ("ipsilateral", "bilateral")
VIEWS = ("front", "back", "both", "side")
MEASURES = (
    "NPRS",
    "PSFS",
    "NDI",
    "ODI",
    "LEFS",
    "PRTEE",
    "VISA-A",
    "FAAM-ADL",
    "FAAM-Sports",
    "HIT-6",
    "PPT",
    "ROM",
)
MAX_ESSENTIAL_REGIONS = 12  # keeps the ranking guarantee in ranking.py's docstring true
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class AtlasDataError(ValueError):
    """Bad atlas data; the message says where (file, entry, field) and what is wrong."""


@dataclass(frozen=True)
class Region:
    id: str
    label: str
    view: str
    paired: bool


@dataclass(frozen=True)
class Source:
    key: str  # "<file stem>:<local id>", unique across files
    citation: str

    @property
    def url(self) -> str | None:
        found = re.search(r"https?://\S+", self.citation)
        return found.group(0).rstrip(").,;") if found else None


STRUCTURE_LABELS = {
    "lung_pleura": "Lung and pleura",
    "major_vessel": "Major vessel",
    "nerve": "Nerve",
    "organ": "Organ",
    "other": "Other structure",
}


@dataclass(frozen=True)
class Hazard:
    structure: str
    caution: str
    note: str
    sources: tuple[Source, ...]

    @property
    def structure_label(self) -> str:
        return STRUCTURE_LABELS[self.structure]


@dataclass(frozen=True)
class TriggerPoint:
    id: str
    muscle_id: str
    name: str
    location: str
    essential: frozenset[str]
    spillover: frozenset[str]
    laterality: str
    sources: tuple[Source, ...]
    unconfirmed: bool

    @property
    def zone(self) -> frozenset[str]:
        return self.essential | self.spillover


@dataclass(frozen=True)
class Muscle:
    id: str
    name: str
    area: str
    innervation: str
    hazards: tuple[Hazard, ...]
    trigger_points: tuple[TriggerPoint, ...]
    sources: tuple[Source, ...]
    sites: frozenset[str] = frozenset()  # regions where the muscle lies (needling sites)

    @property
    def highest_caution(self) -> str | None:
        levels = [h.caution for h in self.hazards]
        return next((c for c in CAUTIONS if c in levels), None)


@dataclass(frozen=True)
class Protocol:
    id: str
    name: str
    icd10: tuple[str, ...]
    muscles: tuple[str, ...]
    measures: tuple[str, ...]
    note: str
    sources: tuple[Source, ...]
    movements: tuple[str, ...] = ()  # range-of-motion measures to record, where sourced


@dataclass(frozen=True)
class Atlas:
    regions: dict[str, Region]
    muscles: dict[str, Muscle]
    trigger_points: dict[str, TriggerPoint]
    protocols: dict[str, Protocol]
    version: str  # content hash of the data files, stored with each pain drawing
    files: tuple[str, ...] = field(default=())

    def protocol_for_code(self, code: str) -> Protocol | None:
        return next((p for p in self.protocols.values() if code in p.icd10), None)

    def muscles_for_region(self, region_id: str) -> list[Muscle]:
        return [
            m for m in self.muscles.values() if any(region_id in tp.zone for tp in m.trigger_points)
        ]


class _Where:
    """Builds the location part of error messages: file, entry, field."""

    def __init__(self, path: Path):
        self.file = path.name

    def error(self, entry: str, field_name: str, problem: str) -> AtlasDataError:
        return AtlasDataError(f"{self.file}: {entry}: field '{field_name}': {problem}")


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise AtlasDataError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise AtlasDataError(f"{path.name}: expected a mapping at the top level")
    return data


def _require(where: _Where, entry: str, row: dict, name: str, kind=str):
    if not isinstance(row, dict):
        raise where.error(entry, name, "entry is not a mapping")
    value = row.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise where.error(entry, name, "missing")
    if not isinstance(value, kind):
        raise where.error(entry, name, f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def _choice(where: _Where, entry: str, value, name: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise where.error(entry, name, f"{value!r} is not one of {', '.join(allowed)}")
    return value


def _load_regions(path: Path) -> dict[str, Region]:
    where = _Where(path)
    regions: dict[str, Region] = {}
    for index, row in enumerate(_read(path).get("regions") or []):
        entry = f"regions[{index}]"
        region_id = _require(where, entry, row, "id")
        if region_id in regions:
            raise where.error(entry, "id", f"duplicate id {region_id!r}")
        regions[region_id] = Region(
            id=region_id,
            label=_require(where, entry, row, "label"),
            view=_choice(where, entry, row.get("view"), "view", VIEWS),
            paired=bool(row.get("paired")),
        )
    if not regions:
        raise AtlasDataError(f"{path.name}: no regions")
    return regions


def _load_sources(where: _Where, stem: str, data: dict) -> dict[str, Source]:
    sources = data.get("sources") or {}
    if not isinstance(sources, dict):
        raise where.error("sources", "sources", "expected a mapping of id to citation")
    return {
        local: Source(key=f"{stem}:{local}", citation=" ".join(str(text).split()))
        for local, text in sources.items()
    }


def _cite(where: _Where, entry: str, row: dict, known: dict[str, Source], required: bool):
    cited = row.get("sources") or []
    if not isinstance(cited, list):
        raise where.error(entry, "sources", "expected a list of source ids")
    if required and not cited:
        raise where.error(entry, "sources", "missing: every entry names at least one source")
    missing = [c for c in cited if c not in known]
    if missing:
        raise where.error(entry, "sources", f"undefined source id(s) {missing}")
    return tuple(known[c] for c in cited)


def _regions_list(where, entry, row, name, regions) -> frozenset[str]:
    values = row.get(name) or []
    if not isinstance(values, list):
        raise where.error(entry, name, "expected a list of region ids")
    unknown = [v for v in values if v not in regions]
    if unknown:
        raise where.error(entry, name, f"unknown region id(s) {unknown}")
    return frozenset(values)


def _load_muscles(path: Path, regions, muscles, trigger_points) -> None:
    where = _Where(path)
    data = _read(path)
    sources = _load_sources(where, path.stem, data)
    for index, row in enumerate(data.get("muscles") or []):
        muscle_id = row.get("id") if isinstance(row, dict) else None
        entry = f"muscles[{index}] ({muscle_id})"
        muscle_id = _require(where, entry, row, "id")
        if not _ID.match(muscle_id):
            raise where.error(entry, "id", "use lower-case snake_case")
        if muscle_id in muscles:
            raise where.error(entry, "id", f"duplicate muscle id {muscle_id!r}")
        hazards = []
        for h_index, hazard in enumerate(row.get("hazards") or []):
            h_entry = f"{entry} hazards[{h_index}]"
            hazards.append(
                Hazard(
                    structure=_choice(
                        where, h_entry, (hazard or {}).get("structure"), "structure", STRUCTURES
                    ),
                    caution=_choice(where, h_entry, hazard.get("caution"), "caution", CAUTIONS),
                    note=" ".join(_require(where, h_entry, hazard, "note").split()),
                    sources=_cite(where, h_entry, hazard, sources, required=True),
                )
            )
        points = []
        for t_index, point in enumerate(row.get("trigger_points") or []):
            point_id = point.get("id") if isinstance(point, dict) else None
            t_entry = f"{entry} trigger_points[{t_index}] ({point_id})"
            point_id = _require(where, t_entry, point, "id")
            if point_id in trigger_points:
                raise where.error(t_entry, "id", f"duplicate trigger point id {point_id!r}")
            essential = _regions_list(where, t_entry, point, "essential", regions)
            spillover = _regions_list(where, t_entry, point, "spillover", regions)
            if not essential:
                raise where.error(t_entry, "essential", "missing: name at least one region")
            if len(essential) > MAX_ESSENTIAL_REGIONS:
                raise where.error(t_entry, "essential", f"more than {MAX_ESSENTIAL_REGIONS}")
            if essential & spillover:
                raise where.error(
                    t_entry, "spillover", f"also essential: {sorted(essential & spillover)}"
                )
            tp = TriggerPoint(
                id=point_id,
                muscle_id=muscle_id,
                name=str(point.get("name") or point_id),
                location=" ".join(_require(where, t_entry, point, "location").split()),
                essential=essential,
                spillover=spillover,
                laterality=_choice(
                    where,
                    t_entry,
                    point.get("laterality", "ipsilateral"),
                    "laterality",
                    LATERALITIES,
                ),
                sources=_cite(where, t_entry, point, sources, required=True),
                unconfirmed=bool(point.get("unconfirmed", False)),
            )
            trigger_points[point_id] = tp
            points.append(tp)
        if not points:
            raise where.error(entry, "trigger_points", "missing: at least one trigger point")
        muscles[muscle_id] = Muscle(
            id=muscle_id,
            name=_require(where, entry, row, "name"),
            area=_choice(where, entry, row.get("area"), "area", AREAS),
            innervation=str(row.get("innervation") or ""),
            hazards=tuple(hazards),
            trigger_points=tuple(points),
            sources=_cite(where, entry, row, sources, required=False),
        )


def _load_protocols(path: Path, muscles) -> dict[str, Protocol]:
    where = _Where(path)
    data = _read(path)
    sources = _load_sources(where, path.stem, data)
    protocols: dict[str, Protocol] = {}
    for index, row in enumerate(data.get("protocols") or []):
        entry = f"protocols[{index}] ({row.get('id') if isinstance(row, dict) else None})"
        protocol_id = _require(where, entry, row, "id")
        if protocol_id in protocols:
            raise where.error(entry, "id", f"duplicate protocol id {protocol_id!r}")
        codes = []
        for code in row.get("icd10") or []:
            try:
                codes.append(icd10.normalise(code))
            except icd10.InvalidCode as error:
                raise where.error(entry, "icd10", str(error)) from None
        unknown = [m for m in row.get("muscles") or [] if m not in muscles]
        if unknown:
            raise where.error(entry, "muscles", f"unknown muscle id(s) {unknown}")
        measures = row.get("measures") or []
        for measure in measures:
            _choice(where, entry, measure, "measures", MEASURES)
        protocols[protocol_id] = Protocol(
            id=protocol_id,
            name=_require(where, entry, row, "name"),
            icd10=tuple(codes),
            muscles=tuple(row.get("muscles") or []),
            measures=tuple(measures),
            note=" ".join(str(row.get("note") or "").split()),
            sources=_cite(where, entry, row, sources, required=True),
            movements=tuple(str(m) for m in row.get("movements") or []),
        )
    return protocols


def _load_sites(path: Path, regions, muscles) -> None:
    """Attach to each muscle the regions where it lies (data/muscle-sites.yaml)."""
    where = _Where(path)
    sites = _read(path).get("sites") or {}
    unknown = sorted(set(sites) - set(muscles))
    if unknown:
        raise where.error("sites", "sites", f"unknown muscle id(s) {unknown}")
    missing = sorted(set(muscles) - set(sites))
    if missing:
        raise where.error("sites", "sites", f"no site for muscle(s) {missing}")
    for muscle_id in sites:
        found = _regions_list(where, f"sites ({muscle_id})", sites, muscle_id, regions)
        if not found:
            raise where.error(f"sites ({muscle_id})", muscle_id, "name at least one region")
        muscles[muscle_id] = replace(muscles[muscle_id], sites=found)


def load_atlas_from(data_dir: Path) -> Atlas:
    """Load every data file in `data_dir`; raise AtlasDataError on the first problem."""
    regions = _load_regions(data_dir / "body-regions.yaml")
    muscles: dict[str, Muscle] = {}
    trigger_points: dict[str, TriggerPoint] = {}
    muscle_files = sorted(data_dir.glob("muscles-*.yaml"))
    for path in muscle_files:
        _load_muscles(path, regions, muscles, trigger_points)
    sites_file = data_dir / "muscle-sites.yaml"
    if sites_file.exists():
        _load_sites(sites_file, regions, muscles)
        muscle_files.append(sites_file)
    protocols_file = data_dir / "protocols.yaml"
    protocols = _load_protocols(protocols_file, muscles) if protocols_file.exists() else {}
    files = [data_dir / "body-regions.yaml", *muscle_files]
    if protocols_file.exists():
        files.append(protocols_file)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return Atlas(
        regions=regions,
        muscles=muscles,
        trigger_points=trigger_points,
        protocols=protocols,
        version=digest.hexdigest()[:12],
        files=tuple(p.name for p in files),
    )


@cache
def load_atlas() -> Atlas:
    """The packaged atlas, loaded once per process."""
    return load_atlas_from(DATA_DIR)
