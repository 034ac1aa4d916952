"""Draft a SOAP note from a session's structured entries, for the clinician to edit and sign.

Pure Python, no Django. The draft states only what was recorded: an empty field leaves its line
out, nothing is inferred, and no change is attributed to the treatment. Output is deterministic
(entries keep the order they are given in).

NPRS change is compared with an MCID passed in (default 2 points: "a 2-point change is
meaningful", Childs et al. Spine 2005;30(11):1331-4; clinical-facts §4). The draft reports
whether the change reached that size ("≥ 2-point change"); it never calls it a clinically
important improvement.
"""

from dataclasses import dataclass

SIDE_WORDS = {"L": "Left", "R": "Right"}
# Marks what the draft cannot know; a note still holding it cannot be signed (notes.sign).
TO_COMPLETE = "[clinician to complete]"
PLAN_PLACEHOLDER = f"Review response at the 24-hour check-in; next session: {TO_COMPLETE}."
NO_ADVERSE_EVENTS = "No adverse events."


@dataclass(frozen=True)
class RomMeasure:
    movement: str  # e.g. "cervical rotation"
    side: str | None  # "L", "R" or None
    before: int | None  # degrees
    after: int | None  # degrees


@dataclass(frozen=True)
class NeedlingEntry:
    muscle_name: str  # e.g. "Upper trapezius"
    side: str | None
    technique: str  # e.g. "pistoning"
    twitch: str  # e.g. "none", "few", "many"; "" when not recorded
    passes: int | None
    minutes: int | None
    depth_mm: int | None
    needle: str  # e.g. "0.25 × 40 mm"


@dataclass(frozen=True)
class AdverseEntry:
    kind: str
    severity: str
    onset: str
    action: str


@dataclass(frozen=True)
class SessionFacts:
    diagnosis: str  # e.g. "M54.50 Low back pain, unspecified"
    problem: str  # the episode's presenting problem (free text)
    pre_nprs: int | None
    post_nprs: int | None
    discomfort: int | None  # 0–10, during needling
    ppt_site: str
    pre_ppt: str | None  # kg/cm², decimal string as entered
    post_ppt: str | None
    rom: tuple[RomMeasure, ...]
    needlings: tuple[NeedlingEntry, ...]
    adverse_events: tuple[AdverseEntry, ...]
    patient_response: str
    precautions: tuple[str, ...]
    nprs_mcid: float = 2.0


@dataclass(frozen=True)
class SoapDraft:
    subjective: str
    objective: str
    assessment: str
    plan: str


def draft_soap(facts: SessionFacts) -> SoapDraft:
    """The four sections as plain text, one statement a line."""
    for label, value in (
        ("pre_nprs", facts.pre_nprs),
        ("post_nprs", facts.post_nprs),
        ("discomfort", facts.discomfort),
    ):
        if value is not None and not 0 <= value <= 10:
            raise ValueError(f"{label} must be 0–10, got {value}.")
    for side in [m.side for m in facts.rom] + [n.side for n in facts.needlings]:
        if side is not None and side not in SIDE_WORDS:
            raise ValueError(f"side must be L, R or None, got {side!r}.")
    if facts.nprs_mcid <= 0:
        raise ValueError(f"nprs_mcid must be positive, got {facts.nprs_mcid}.")
    return SoapDraft(
        subjective=_lines(_subjective(facts)),
        objective=_lines(_objective(facts)),
        assessment=_lines(_assessment(facts)),
        plan=PLAN_PLACEHOLDER,
    )


def needling_line(entry: NeedlingEntry) -> str:
    """One needled muscle, e.g. "Left upper trapezius: 0.25 × 40 mm, pistoning, 3 passes,
    many local twitch responses, depth 20 mm"; absent parts are left out."""
    parts = [entry.needle.strip(), entry.technique.strip()]
    if entry.passes is not None:
        parts.append(f"{entry.passes} pass" if entry.passes == 1 else f"{entry.passes} passes")
    parts.append(_twitch(entry.twitch))
    if entry.depth_mm is not None:
        parts.append(f"depth {entry.depth_mm} mm")
    if entry.minutes is not None:
        parts.append(f"{entry.minutes} min")
    details = ", ".join(p for p in parts if p)
    name = _sided(entry.side, entry.muscle_name)
    return f"{name}: {details}" if details else name


def _subjective(facts: SessionFacts) -> list[str]:
    lines = []
    if facts.problem.strip():
        lines.append(f"Presenting problem: {_sentence(facts.problem)}")
    if facts.pre_nprs is not None:
        lines.append(f"Pre-session NPRS {facts.pre_nprs}/10.")
    if facts.patient_response.strip():
        lines.append(f"Patient response: {_sentence(facts.patient_response)}")
    return lines


def _objective(facts: SessionFacts) -> list[str]:
    lines = []
    ppt = _ppt(facts)
    if ppt:
        lines.append(ppt)
    for measure in facts.rom:
        values = _rom_values(measure)
        if values:
            lines.append(f"ROM: {_sided(measure.side, measure.movement)} {values}.")
    if facts.needlings:
        lines.append("Dry needling:")
        lines.extend(needling_line(entry) for entry in facts.needlings)
    if facts.discomfort is not None:
        lines.append(f"Discomfort during needling {facts.discomfort}/10.")
    if facts.adverse_events:
        lines.extend(_adverse(event) for event in facts.adverse_events)
    else:
        lines.append(NO_ADVERSE_EVENTS)
    precautions = [p.strip().rstrip(".") for p in facts.precautions if p.strip()]
    if precautions:
        lines.append(f"Screening precautions applied: {'; '.join(precautions)}.")
    return lines


def _assessment(facts: SessionFacts) -> list[str]:
    lines = []
    if facts.diagnosis.strip():
        lines.append(f"Diagnosis: {_sentence(facts.diagnosis)}")
    if facts.pre_nprs is not None and facts.post_nprs is not None:
        lines.append(_nprs_change(facts.pre_nprs, facts.post_nprs, facts.nprs_mcid))
    elif facts.post_nprs is not None:
        lines.append(f"Post-session NPRS {facts.post_nprs}/10.")
    changes = [
        f"{_sided(m.side, m.movement)} {_signed(m.after - m.before)}°"
        for m in facts.rom
        if m.before is not None and m.after is not None
    ]
    if changes:
        lines.append(f"ROM change pre→post session: {'; '.join(changes)}.")
    return lines


def _nprs_change(pre: int, post: int, mcid: float) -> str:
    change = post - pre
    size = f"{mcid:g}-point"
    if change <= -mcid:
        verdict = f"≥ {size} change (reduction), reaching the MCID of {mcid:g} points"
    elif change >= mcid:
        verdict = f"≥ {size} change (increase)"
    else:
        verdict = f"change smaller than {mcid:g} points, below the MCID"
    return f"NPRS {pre}→{post} ({_signed(change)}) pre→post session: {verdict}."


def _ppt(facts: SessionFacts) -> str | None:
    pre, post = (v.strip() if v else None for v in (facts.pre_ppt, facts.post_ppt))
    if not pre and not post:
        return None
    label = f"PPT {facts.ppt_site.strip()}" if facts.ppt_site.strip() else "PPT"
    if pre and post:
        return f"{label}: {pre}→{post} kg/cm²."
    if pre:
        return f"{label}: {pre} kg/cm² pre-session."
    return f"{label}: {post} kg/cm² post-session."


def _rom_values(measure: RomMeasure) -> str | None:
    before, after = measure.before, measure.after
    if before is not None and after is not None:
        return f"{_number(before)}°→{_number(after)}°"
    if before is not None:
        return f"{_number(before)}° pre-session"
    if after is not None:
        return f"{_number(after)}° post-session"
    return None


def _adverse(event: AdverseEntry) -> str:
    head = event.kind.strip() or "unspecified"
    details = [
        part
        for part in (
            event.severity.strip(),
            f"onset {event.onset.strip()}" if event.onset.strip() else "",
            f"action: {event.action.strip().rstrip('.')}" if event.action.strip() else "",
        )
        if part
    ]
    return f"Adverse event: {head}" + (f" ({'; '.join(details)})" if details else "") + "."


def _twitch(twitch: str) -> str:
    text = twitch.strip().lower()
    if not text:
        return ""
    if "twitch" in text:  # already a phrase, e.g. "no local twitch response"
        return text
    if text in ("none", "no", "0"):
        return "no local twitch responses"
    if text == "1":
        return "1 local twitch response"
    return f"{text} local twitch responses"


def _sided(side: str | None, name: str) -> str:
    """ "Left upper trapezius" from ("L", "Upper trapezius"); the name as given with no side."""
    name = name.strip()
    if side is None:
        return name
    # Lower-case the leading capital of an ordinary word, never of an acronym ("TFL").
    if name[:1].isupper() and (len(name) < 2 or not name[1].isupper()):
        name = name[0].lower() + name[1:]
    return f"{SIDE_WORDS[side]} {name}"


def _signed(value: int) -> str:
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return "0"


def _number(value: int) -> str:
    return f"−{-value}" if value < 0 else str(value)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _lines(lines: list[str]) -> str:
    return "\n".join(lines)
