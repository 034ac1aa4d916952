"""Synthetic patients, episodes, treatments, needlings, questionnaires and adverse events.

Pure Python and deterministic for a seed (no database here: dryneedle.demo.synth_db writes
the rows). Every row is a tuple in the column order of TABLES; ids are assigned from counters
the caller passes in, so the same seed, start ids and `today` give the same rows.

Distributions (the figures are also in benchmarks/README.md). "Assumption" marks a choice of
this generator with no published source; everything else names its source.

- Patients: spread evenly over the clinics; age 18-85 (triangular, mode 45), 55 % female,
  44 % male, 1 % other (assumption). Names from the demo clinic's lists; 70 % give an email,
  90 % a phone number (assumption).
- Episodes per patient: 1 (75 %), 2 (20 %), 3 (5 %) (assumption); opened within the two
  years before `today`. Diagnosis: the common ICD-10-CM codes of atlas/data/diagnoses.yaml
  (clinical-facts.md §5), weighted towards low back and neck pain (assumption); the protocol is
  the atlas protocol of the code (atlas/data/protocols.yaml).
- Sessions per episode: 1-8, mean about 4, 3-8 days apart. Source: clinical-facts.md §7 (trial
  protocols commonly use 1-2 sessions a week for 4-6 weeks; no consensus count exists, so the
  exact shape is an assumption). Sessions after `today` are not generated (the episode is still
  open); notes of the last day before `today` stay drafts, the rest are signed 45 minutes after
  the session (assumption).
- Pain: baseline NPRS 4-8; 60 % of episodes respond (their pain falls 3-5 points over the
  episode), the rest fall 0-1 (assumption: no DN responder rate is confirmed, §7). Within a
  session the NPRS falls 0-3 points, mean 1.5 (shaped after the immediate MD of -1.53 in the
  neck meta-analysis, §7; using a between-group difference as a within-session drop is an
  assumption). Discomfort during needling 1-8 (assumption).
- Needling: 1-4 muscles per episode from the protocol's muscle list (§1 referral tables via
  protocols.yaml), else from the whole atlas; needled every session; one trigger point of the
  muscle from the atlas; side from the code's laterality, else left, right or both
  (assumption). Technique: pistoning 70 %, static 20 %, electrical 10 %; twitch none 30 %,
  few 50 %, many 20 % (assumption). One needle per site, all removed (the count reconciles).
  CPT 20560 for 1-2 muscles, 20561 for 3 or more (treatments/coding.py, §5).
- Adverse events: Brady et al. 2014 (J Man Manip Ther 22(3):134-40, clinical-facts.md §3):
  per treatment bruising 7.55 %, bleeding 4.65 %, pain during 3.01 %, pain after 2.19 %,
  aggravation 0.88 %, drowsiness 0.26 %, headache 0.14 %, nausea 0.13 %, fatigue and altered
  emotions 0.04 % each, shaking, itching, claustrophobia, numbness 0.01 % each; all mild (no
  significant event in 7,629 treatments). At most one event per treatment (simplification).
- Questionnaires: the protocol's first two measures (else NPRS and PSFS), at the first
  session, the last, and the middle one of episodes of 5 or more sessions, scored by
  outcomes/scoring.py so every score is valid. The NPRS answer is the session's pain before
  needling; other instruments follow the pain as a fraction of the baseline (assumption),
  with answer patterns drawn from 21 levels x 4 variants per instrument.
- 24-hour check-ins: 60 % of signed treatments answered (assumption); pain at 24 hours = pain
  after the session +1 to -1 or up to +2 (post-needling soreness, §7); soreness 1-6.
"""

import bisect
import datetime
import itertools
import json
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Generic, TypeVar

import yaml

from dryneedle.atlas.loader import load_atlas
from dryneedle.demo.management.commands.demo import FAMILY, GIVEN
from dryneedle.outcomes import instruments, scoring
from dryneedle.outcomes.checkins import CHECKIN_VALID_DAYS, PAIN_RISE_FLAG
from dryneedle.outcomes.models import Response

DIAGNOSES_FILE = Path(__file__).parent.parent / "atlas" / "data" / "diagnoses.yaml"
UTC = datetime.UTC

# Relative weight per condition (assumption: low back and neck pain are the commonest).
CONDITION_WEIGHTS = {
    "Low back pain": 30,
    "Neck pain": 20,
    "Tension-type headache": 10,
    "Plantar fasciitis": 8,
    "Lateral epicondylitis (tennis elbow)": 8,
    "Achilles tendinopathy": 6,
    "Myofascial pain": 10,
    "Fibromyalgia": 2,
    "Muscle spasm": 6,
}
LATERALITY = {"M77.11": "R", "M77.12": "L", "M76.61": "R", "M76.62": "L"}

T = TypeVar("T")
# Rows by table name, each a tuple in the column order of TABLES.
Rows = dict[str, list[tuple]]


class Weighted(Generic[T]):
    """A population with weights; pick() is random.choices() for one item, without the
    per-call cumulative sum (the generator draws millions)."""

    def __init__(self, population: Iterable[T], weights: Iterable[float]) -> None:
        self.population = tuple(population)
        self.cumulative = tuple(itertools.accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.population[bisect.bisect(self.cumulative, rng.random() * self.total)]


EPISODES_PER_PATIENT = Weighted((1, 2, 3), (75, 20, 5))
SESSIONS = Weighted(range(1, 9), (12, 16, 17, 16, 13, 11, 9, 6))
MUSCLES_PER_EPISODE = Weighted((1, 2, 3, 4), (30, 35, 20, 15))
TECHNIQUES = Weighted(("pistoning", "static", "electrical"), (70, 20, 10))
TWITCH = Weighted(("none", "few", "many"), (30, 50, 20))
SEXES = Weighted(("female", "male", "other"), (55, 44, 1))
SIDES = Weighted(("L", "R", "LR"), (40, 40, 20))
NPRS_DROP = Weighted((0, 1, 2, 3), (20, 30, 30, 20))
RESPONDER_SHARE = 0.6
CHECKIN_ANSWERED = 0.6
CHECKIN_DELAY = datetime.timedelta(hours=24)
# Brady et al. 2014, per 100 treatments: (percent, kind, onset, note).
BRADY_2014 = (
    (7.55, "bruising", "after", ""),
    (4.65, "bleeding", "during", ""),
    (3.01, "pain_during", "during", ""),
    (2.19, "pain_after", "after", ""),
    (0.88, "other", "later", "Aggravation of symptoms"),
    (0.26, "other", "after", "Drowsiness"),
    (0.14, "headache", "later", ""),
    (0.13, "nausea", "after", ""),
    (0.04, "fatigue", "later", ""),
    (0.04, "other", "after", "Altered emotions"),
    (0.01, "other", "after", "Shaking"),
    (0.01, "other", "after", "Itching"),
    (0.01, "other", "during", "Claustrophobia"),
    (0.01, "other", "after", "Numbness"),
)
AE_RATE = sum(row[0] for row in BRADY_2014) / 100
AE_KINDS = Weighted(BRADY_2014, [row[0] for row in BRADY_2014])
AE_ACTIONS = {
    "bruising": "Advised on bruising; ice.",
    "bleeding": "Pressure applied until it stopped.",
    "pain_during": "Needle withdrawn; paused.",
    "pain_after": "Advice on post-needling soreness.",
}
PSFS_ACTIVITIES = ("Sitting at work", "Walking 30 minutes", "Lifting a child", "Driving", "Sleep")

# Column order of every table the generator fills (the writer inserts in this order).
TABLES: dict[str, tuple[str, ...]] = {
    "patients_patient": (
        "id", "clinic_id", "record_number", "given_name", "family_name", "date_of_birth",
        "sex", "email", "phone", "created_at", "updated_at", "created_by_id",
    ),
    "patients_episode": (
        "id", "patient_id", "icd10_code", "problem", "protocol", "opened_on", "closed_on",
        "created_at", "updated_at", "created_by_id",
    ),
    "treatments_treatment": (
        "id", "episode_id", "clinician_id", "performed_at", "status", "version", "pre_nprs",
        "post_nprs", "discomfort", "ppt_site", "patient_response", "needles_opened",
        "needles_removed", "needles_discarded", "subjective", "objective", "assessment", "plan",
        "icd10_code", "cpt_code", "created_at", "updated_at",
    ),
    "treatments_needling": (
        "id", "treatment_id", "muscle", "trigger_point", "side", "needle_id", "technique",
        "passes", "minutes", "twitch", "twitch_count", "depth_mm", "created_at",
    ),
    "treatments_adverseevent": (
        "id", "treatment_id", "kind", "severity", "onset", "action", "note", "created_at",
    ),
    "outcomes_checkin": (
        "id", "treatment_id", "due_at", "token_hash", "sent_at", "expires_at",
        "delivery_problem", "completed_at", "nprs", "soreness", "effects", "other_effect",
        "overall", "flag_reasons",
    ),
    "outcomes_response": (
        "id", "episode_id", "instrument", "answers", "score", "max_score", "percent", "answered",
        "subscores", "collected_at", "source", "entered_by_id",
    ),
}  # fmt: skip
TABLE_ORDER = tuple(TABLES)


@dataclass(frozen=True)
class ClinicStaff:
    """What the generator needs of one clinic that already exists."""

    clinic_id: int
    clinicians: tuple[int, ...]
    needles: tuple[int, ...]


@dataclass
class _Condition:
    code: str
    condition: str
    protocol: str
    muscles: tuple[str, ...]
    measures: tuple[str, ...]


def _conditions() -> tuple[list[_Condition], list[float]]:
    atlas = load_atlas()
    common = yaml.safe_load(DIAGNOSES_FILE.read_text(encoding="utf-8"))["common"]
    every_muscle = tuple(sorted(atlas.muscles))
    known = instruments.instruments()
    found, weights = [], []
    for entry in common:
        code, condition = entry["code"], entry["condition"]
        siblings = sum(1 for e in common if e["condition"] == condition)
        protocol = atlas.protocol_for_code(code)
        muscles = tuple(m for m in (protocol.muscles if protocol else ()) if m in atlas.muscles)
        scored = [m for m in (protocol.measures if protocol else ()) if m in known]
        measures = tuple(scored[:2]) if len(scored) >= 2 else ("NPRS", "PSFS")
        found.append(
            _Condition(code, condition, protocol.id if protocol else "", muscles or every_muscle,
                       measures)
        )  # fmt: skip
        weights.append(CONDITION_WEIGHTS.get(condition, 2) / siblings)
    return found, weights


def _answers_for(instrument: instruments.Instrument, level: int, variant: int) -> list:
    """Answers for a badness level 0-20 (20 = worst) and one of 4 variants."""
    badness = level / 20
    count = instrument.items or 3  # PSFS: three activities
    answers = []
    for number in range(1, count + 1):
        low, high = instrument.item_range(number) if instrument.items else (0, 10)
        span = high - low
        value = high - badness * span if instrument.higher_is_better else low + badness * span
        value = round(value) + ((number + variant) % 3) - 1
        answers.append(min(high, max(low, value)))
    return answers


def _cents(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


class _Scores:
    """Scored answer patterns, computed once per (instrument, level, variant)."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple] = {}

    def get(self, instrument_id: str, level: int, variant: int) -> tuple:
        key = (instrument_id, level, variant)
        if key not in self._cache:
            instrument = instruments.lookup(instrument_id)
            if instrument_id == "NPRS":
                answers = [level]
            else:
                answers = _answers_for(instrument, level, variant)
            # The columns of the response the application would store (Response.from_score),
            # written as raw rows for COPY: no episode is needed to read them.
            response = Response.from_score(
                None,  # type: ignore[arg-type]  # never saved: only its columns are read
                scoring.score(instrument_id, answers),
                answers,
                source=Response.Source.CLINIC,
                activities=PSFS_ACTIVITIES if instrument.items == 0 else (),
            )
            self._cache[key] = (
                json.dumps(response.answers),
                _cents(response.score),
                _cents(response.max_score),
                _cents(response.percent),
                response.answered,
                json.dumps(response.subscores),
            )
        return self._cache[key]


class Generator:
    """Rows for patients, one patient at a time, from one seeded random stream."""

    def __init__(
        self, seed: int, clinics: list[ClinicStaff], next_ids: dict[str, int], today: datetime.date
    ) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self.seed = seed
        self.clinics = clinics
        self.ids = dict(next_ids)
        self.today = today
        self.draft_from = datetime.datetime.combine(
            today - datetime.timedelta(days=1), datetime.time.min, tzinfo=UTC
        )
        self.now = datetime.datetime.combine(today, datetime.time.min, tzinfo=UTC)
        self.given, self.family = GIVEN, FAMILY
        self.conditions = Weighted(*_conditions())
        atlas = load_atlas()
        self.trigger_points = {
            m.id: [tp.id for tp in m.trigger_points] for m in atlas.muscles.values()
        }
        self.scores = _Scores()
        self.patients_made = 0

    def _id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def rows(self, count: int) -> Rows:
        """Rows of the next `count` patients, by table."""
        out: Rows = {table: [] for table in TABLE_ORDER}
        for _ in range(count):
            self._patient(out)
        return out

    def _patient(self, out: Rows) -> None:
        rng = self.rng
        number = self.patients_made
        self.patients_made += 1
        clinic = self.clinics[number % len(self.clinics)]
        episodes = EPISODES_PER_PATIENT.pick(rng)
        first_opened = self.today - datetime.timedelta(days=rng.randrange(1, 730))
        created = datetime.datetime.combine(first_opened, datetime.time(14), tzinfo=UTC)
        age = int(rng.triangular(18, 86, 45))
        born = first_opened - datetime.timedelta(days=age * 365 + rng.randrange(365))
        given = rng.choice(self.given)
        sex = SEXES.pick(rng)
        patient_id = self._id("patients_patient")
        email = f"{given.lower()}.{patient_id}@example.org" if rng.random() < 0.7 else ""
        phone = f"+1 312 555 {rng.randrange(10000):04d}" if rng.random() < 0.9 else ""
        creator = clinic.clinicians[0]
        out["patients_patient"].append(
            (patient_id, clinic.clinic_id, f"S{self.seed}-{patient_id}", given,
             rng.choice(self.family), born, sex, email, phone, created, created, creator)
        )  # fmt: skip
        opened = first_opened
        for _ in range(episodes):
            if opened >= self.today:
                break
            opened = self._episode(out, patient_id, clinic, opened)

    def _episode(
        self, out: Rows, patient_id: int, clinic: ClinicStaff, opened: datetime.date
    ) -> datetime.date:
        """Write one episode and its sessions; return the earliest day the next may open."""
        rng = self.rng
        condition = self.conditions.pick(rng)
        episode_id = self._id("patients_episode")
        clinician = rng.choice(clinic.clinicians)
        planned = SESSIONS.pick(rng)
        day = opened + datetime.timedelta(days=rng.randrange(0, 8))
        days = []
        for _ in range(planned):
            if day >= self.today:
                break
            days.append(day)
            day += datetime.timedelta(days=rng.randrange(3, 9))
        last = days[-1] if days else opened
        closed = (
            last + datetime.timedelta(days=rng.randrange(0, 15)) if len(days) == planned else None
        )
        if closed is not None and closed >= self.today:
            closed = None
        created = datetime.datetime.combine(opened, datetime.time(13), tzinfo=UTC)
        weeks = rng.randrange(2, 26)
        out["patients_episode"].append(
            (episode_id, patient_id, condition.code, f"{condition.condition} for {weeks} weeks.",
             condition.protocol, opened, closed, created, created, clinician)
        )  # fmt: skip
        self._sessions(out, episode_id, clinic, clinician, condition, days)
        return (closed or last) + datetime.timedelta(days=rng.randrange(30, 365))

    def _sites(self, condition: _Condition) -> list[tuple[str, str, str]]:
        rng = self.rng
        wanted = min(MUSCLES_PER_EPISODE.pick(rng), len(condition.muscles))
        sites: list[tuple[str, str, str]] = []
        for muscle in rng.sample(condition.muscles, wanted):
            points = self.trigger_points.get(muscle) or [""]
            point = rng.choice(points)
            side = LATERALITY.get(condition.code) or SIDES.pick(rng)
            sites.extend((muscle, point, s) for s in side)
        return sites

    def _sessions(
        self,
        out: Rows,
        episode_id: int,
        clinic: ClinicStaff,
        clinician: int,
        condition: _Condition,
        days: list[datetime.date],
    ) -> None:
        rng = self.rng
        if not days:
            return
        sites = self._sites(condition)
        muscles = len({muscle for muscle, _, _ in sites})
        cpt = "20560" if muscles <= 2 else "20561"
        baseline = rng.randint(4, 8)
        fall = rng.randint(3, 5) if rng.random() < RESPONDER_SHARE else rng.randint(0, 1)
        base_level = rng.randint(6, 14)  # questionnaire badness at baseline, of 20
        variant = rng.randrange(4)
        count = len(days)
        respond_at = {0, count - 1} | ({count // 2} if count >= 5 else set())
        for index, day in enumerate(days):
            progress = index / (count - 1) if count > 1 else 0
            pre = min(10, max(0, round(baseline - fall * progress) + rng.choice((-1, 0, 0, 1))))
            post = max(0, pre - NPRS_DROP.pick(rng))
            at = datetime.datetime.combine(
                day, datetime.time(rng.randrange(13, 23), rng.choice((0, 15, 30, 45))), tzinfo=UTC
            )
            treatment_id = self._id("treatments_treatment")
            signed = at < self.draft_from
            out["treatments_treatment"].append(
                (treatment_id, episode_id, clinician, at, "draft", 1, pre, post,
                 rng.randint(1, 8), "", "", len(sites), len(sites), 0,
                 f"Pain {pre}/10 before the session.",
                 "Needled: " + ", ".join(f"{m} {s}" for m, _, s in sites) + ".",
                 "Tolerated well.", "Continue the plan of care.",
                 condition.code if signed else "", cpt if signed else "", at, at)
            )  # fmt: skip
            self._needlings(out, treatment_id, clinic, sites, at)
            if rng.random() < AE_RATE:
                self._adverse_event(out, treatment_id, at)
            if signed:
                self._checkin(out, treatment_id, at, pre, post)
            if index in respond_at:
                ratio = pre / baseline if baseline else 1
                level = min(20, max(0, round(base_level * ratio)))
                for instrument in condition.measures:
                    self._response(
                        out, episode_id, instrument, pre if instrument == "NPRS" else level,
                        variant, at - datetime.timedelta(minutes=10), clinician,
                    )  # fmt: skip

    def _needlings(
        self,
        out: Rows,
        treatment_id: int,
        clinic: ClinicStaff,
        sites: list[tuple[str, str, str]],
        at: datetime.datetime,
    ) -> None:
        rng = self.rng
        rows = out["treatments_needling"]
        for muscle, point, side in sites:
            technique = TECHNIQUES.pick(rng)
            twitch = TWITCH.pick(rng)
            twitches = (
                0
                if twitch == "none"
                else rng.randint(1, 5)
                if twitch == "few"
                else rng.randint(6, 15)
            )
            rows.append(
                (self._id("treatments_needling"), treatment_id, muscle, point, side,
                 rng.choice(clinic.needles), technique,
                 rng.randint(3, 10) if technique == "pistoning" else None,
                 rng.randint(5, 15) if technique != "pistoning" else None,
                 twitch, twitches, rng.randint(10, 50), at)
            )  # fmt: skip

    def _adverse_event(self, out: Rows, treatment_id: int, at: datetime.datetime) -> None:
        _, kind, onset, note = AE_KINDS.pick(self.rng)
        action = AE_ACTIONS.get(kind, "Advice given; monitored.")
        out["treatments_adverseevent"].append(
            (
                self._id("treatments_adverseevent"),
                treatment_id,
                kind,
                "mild",
                onset,
                action,
                note,
                at,
            )
        )

    def _checkin(
        self, out: Rows, treatment_id: int, at: datetime.datetime, pre: int, post: int
    ) -> None:
        rng = self.rng
        due = at + datetime.timedelta(minutes=45) + CHECKIN_DELAY
        expires = due + datetime.timedelta(days=CHECKIN_VALID_DAYS)
        completed = due + datetime.timedelta(hours=rng.randint(1, 10))
        row: tuple[object, ...]
        if rng.random() >= CHECKIN_ANSWERED or completed >= self.now:
            row = (due, "", due, expires, "", None, None, None, "[]", "", "", "[]")
        else:
            nprs = min(10, max(0, post + rng.choice((-1, 0, 0, 1, 1, 2))))
            overall = "better" if nprs < pre else "same" if nprs == pre else "worse"
            flags = (
                [f"Pain rose from {pre} before the session to {nprs}."]
                if nprs - pre >= PAIN_RISE_FLAG
                else []
            )
            row = (due, "", due, expires, "", completed, nprs, rng.randint(1, 6), "[]", "",
                   overall, json.dumps(flags))  # fmt: skip
        out["outcomes_checkin"].append((self._id("outcomes_checkin"), treatment_id, *row))

    def _response(
        self,
        out: Rows,
        episode_id: int,
        instrument: str,
        level: int,
        variant: int,
        at: datetime.datetime,
        clinician: int,
    ) -> None:
        answers, score, max_score, percent, answered, subscores = self.scores.get(
            instrument, level, variant
        )
        out["outcomes_response"].append(
            (self._id("outcomes_response"), episode_id, instrument, answers, score, max_score,
             percent, answered, subscores, at, "clinic", clinician)
        )  # fmt: skip


def batches(
    generator: Generator, patients: int, batch: int, progress: Callable[[int], None] | None = None
) -> Iterator[Rows]:
    """Rows by table for `patients` patients, `batch` patients at a time."""
    done = 0
    while done < patients:
        size = min(batch, patients - done)
        yield generator.rows(size)
        done += size
        if progress is not None:
            progress(size)
