"""Load and validate the atlas data files (regions, muscles, trigger points, protocols).

Pure Python (no Django). The files in `data/` are the single source of truth; anything that
does not validate is refused with an `AtlasDataError` naming the file, the entry and the field.
"""

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from dryneedle.atlas import icd10
from dryneedle.data_files import DataFile, DataFileError

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


class AtlasDataError(DataFileError):
    """Bad atlas data; the message says where (file, entry, field) and what is wrong."""


def site_key(region_id: str, side: str | None, *, paired: bool = True) -> str:
    """The key of a body site: "temple:L" for one side of a paired region; the region id alone
    for a midline region (`paired` false) or a paired region without a side. Pain-drawing
    marks, body-chart states, screening regions and needled sites are all keyed this way."""
    return f"{region_id}:{side}" if paired and side else region_id


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

    def needled_sites(self, muscle_id: str, side: str | None) -> tuple[str, ...]:
        """The site keys where needling this muscle on `side` goes in: the regions where the
        muscle lies, sided where the region is paired (none for a muscle not in the atlas)."""
        muscle = self.muscles.get(muscle_id)
        return tuple(
            site_key(region, side, paired=self.regions[region].paired)
            for region in (muscle.sites if muscle else ())
        )


def _data_file(path: Path) -> DataFile:
    return DataFile(path, AtlasDataError)


def _regions_list(
    where: DataFile, entry: str, row: dict, name: str, regions: Mapping[str, object]
) -> frozenset[str]:
    return frozenset(where.known(entry, name, row.get(name), regions, "unknown region id(s)"))


def _load_sources(where: DataFile, stem: str, data: dict) -> dict[str, Source]:
    return {
        local: Source(key=f"{stem}:{local}", citation=text)
        for local, text in where.citations(data, required=False).items()
    }


def _cite(
    where: DataFile, entry: str, row: dict, known: dict[str, Source], required: bool
) -> tuple[Source, ...]:
    return tuple(known[c] for c in where.cited(entry, row, known, required=required))


def _load_regions(path: Path) -> dict[str, Region]:
    where = _data_file(path)
    regions: dict[str, Region] = {}
    for entry, row in where.entries(where.read(), "regions"):
        region_id = where.value(entry, row, "id")
        where.unique(entry, region_id, regions)
        regions[region_id] = Region(
            id=region_id,
            label=where.text(entry, row, "label"),
            view=where.choice(entry, row.get("view"), "view", VIEWS),
            paired=bool(row.get("paired")),
        )
    if not regions:
        raise where.file_error("no regions")
    return regions


def _load_hazard(where: DataFile, entry: str, hazard: dict, sources: dict[str, Source]) -> Hazard:
    return Hazard(
        structure=where.choice(entry, (hazard or {}).get("structure"), "structure", STRUCTURES),
        caution=where.choice(entry, hazard.get("caution"), "caution", CAUTIONS),
        note=where.text(entry, hazard, "note"),
        sources=_cite(where, entry, hazard, sources, required=True),
    )


def _load_trigger_point(
    where: DataFile,
    entry: str,
    point: dict,
    muscle_id: str,
    regions: dict[str, Region],
    sources: dict[str, Source],
) -> TriggerPoint:
    point_id = where.value(entry, point, "id")
    essential = _regions_list(where, entry, point, "essential", regions)
    spillover = _regions_list(where, entry, point, "spillover", regions)
    if not essential:
        raise where.error(entry, "essential", "missing: name at least one region")
    if len(essential) > MAX_ESSENTIAL_REGIONS:
        raise where.error(entry, "essential", f"more than {MAX_ESSENTIAL_REGIONS}")
    if essential & spillover:
        raise where.error(entry, "spillover", f"also essential: {sorted(essential & spillover)}")
    laterality = point.get("laterality", "ipsilateral")
    return TriggerPoint(
        id=point_id,
        muscle_id=muscle_id,
        name=str(point.get("name") or point_id),
        location=where.text(entry, point, "location"),
        essential=essential,
        spillover=spillover,
        laterality=where.choice(entry, laterality, "laterality", LATERALITIES),
        sources=_cite(where, entry, point, sources, required=True),
        unconfirmed=bool(point.get("unconfirmed", False)),
    )


def _load_muscles(
    path: Path,
    regions: dict[str, Region],
    muscles: dict[str, Muscle],
    trigger_points: dict[str, TriggerPoint],
) -> None:
    where = _data_file(path)
    data = where.read()
    sources = _load_sources(where, path.stem, data)
    for entry, row in where.entries(data, "muscles"):
        muscle_id = where.identifier(entry, row, muscles, "muscle ")
        hazards = tuple(
            _load_hazard(where, f"{entry} hazards[{h_index}]", hazard, sources)
            for h_index, hazard in enumerate(row.get("hazards") or [])
        )
        points = []
        for t_index, point in enumerate(row.get("trigger_points") or []):
            point_id = point.get("id") if isinstance(point, dict) else None
            t_entry = f"{entry} trigger_points[{t_index}] ({point_id})"
            tp = _load_trigger_point(where, t_entry, point, muscle_id, regions, sources)
            where.unique(t_entry, tp.id, trigger_points, "trigger point ")
            trigger_points[tp.id] = tp
            points.append(tp)
        if not points:
            raise where.error(entry, "trigger_points", "missing: at least one trigger point")
        muscles[muscle_id] = Muscle(
            id=muscle_id,
            name=where.text(entry, row, "name"),
            area=where.choice(entry, row.get("area"), "area", AREAS),
            innervation=str(row.get("innervation") or ""),
            hazards=hazards,
            trigger_points=tuple(points),
            sources=_cite(where, entry, row, sources, required=False),
        )


def _load_protocols(path: Path, muscles: dict[str, Muscle]) -> dict[str, Protocol]:
    where = _data_file(path)
    data = where.read()
    sources = _load_sources(where, path.stem, data)
    protocols: dict[str, Protocol] = {}
    for entry, row in where.entries(data, "protocols"):
        protocol_id = where.value(entry, row, "id")
        where.unique(entry, protocol_id, protocols, "protocol ")
        codes = []
        for code in row.get("icd10") or []:
            try:
                codes.append(icd10.normalise(code))
            except icd10.InvalidCode as error:
                raise where.error(entry, "icd10", str(error)) from None
        where.known(entry, "muscles", row.get("muscles"), muscles, "unknown muscle id(s)")
        measures = row.get("measures") or []
        for measure in measures:
            where.choice(entry, measure, "measures", MEASURES)
        protocols[protocol_id] = Protocol(
            id=protocol_id,
            name=where.text(entry, row, "name"),
            icd10=tuple(codes),
            muscles=tuple(row.get("muscles") or []),
            measures=tuple(measures),
            note=" ".join(str(row.get("note") or "").split()),
            sources=_cite(where, entry, row, sources, required=True),
            movements=tuple(str(m) for m in row.get("movements") or []),
        )
    return protocols


def _load_sites(path: Path, regions: dict[str, Region], muscles: dict[str, Muscle]) -> None:
    """Attach to each muscle the regions where it lies (data/muscle-sites.yaml)."""
    where = _data_file(path)
    sites = where.read().get("sites") or {}
    where.known("sites", "sites", list(sites), muscles, "unknown muscle id(s)")
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
