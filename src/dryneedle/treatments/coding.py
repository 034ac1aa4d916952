"""CPT coding for a dry-needling session: 20560 or 20561 by the number of distinct muscles.

Pure Python (of Django, only `gettext` for the messages). Sources: clinical-facts §5 (AMA CPT,
effective 1 Jan 2020, via APTA Magazine Feb 2020 and the myzhealth.io billing guide).

- 20560: needle insertion(s) without injection(s); 1 or 2 muscle(s).
- 20561: needle insertion(s) without injection(s); 3 or more muscles.
- The code is chosen by the number of DISTINCT MUSCLES treated in the session, not by needles,
  insertions or minutes; the codes are untimed and session-based.
- One code per session. A muscle needled on both sides is counted once: the descriptor does not
  say that sides count separately, so we count conservatively (never up-code on laterality).
- "Report once per session, 1 unit; do not report 20560 and 20561 together" is standard billing
  guidance, but no AMA/CMS primary text was found for it: UNCONFIRMED, check the NCCI/MUE
  tables. Every `Coding.note` says so.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext

from dryneedle.suggestions import SuggestingError, close_matches

SIDES = ("L", "R")
CPT_ONE_OR_TWO = "20560"
CPT_THREE_OR_MORE = "20561"
NO_CODE_NOTE = "no muscle needled: no dry-needling code"
UNITS_NOTE = "report once per session, 1 unit (standard guidance; primary text unconfirmed)"


class CodingError(SuggestingError):
    """A needling site that cannot be read; the message names the bad entry."""


@dataclass(frozen=True)
class Site:
    muscle: str  # atlas muscle id
    side: str | None  # "L", "R", or None when not recorded / midline


@dataclass(frozen=True)
class Coding:
    cpt: str | None  # None: nothing to bill for dry needling
    muscles: tuple[str, ...]  # distinct muscle ids, sorted
    count: int
    note: str


def parse_site(text: str, muscles: Mapping[str, object]) -> Site:
    """Read ``muscle_id`` or ``muscle_id:L`` / ``muscle_id:R`` against the atlas muscles."""
    muscle_id, _, side_text = text.strip().partition(":")
    muscle_id, side = muscle_id.strip(), side_text.strip().upper() or None
    if not muscle_id:
        raise CodingError(
            gettext("'%(text)s': name a muscle id, e.g. upper_trapezius:L.") % {"text": text}
        )
    if muscle_id not in muscles:
        raise CodingError(
            gettext("Unknown muscle '%(muscle)s'.") % {"muscle": muscle_id},
            close_matches(muscle_id, muscles),
        )
    if side is not None and side not in SIDES:
        raise CodingError(gettext("'%(text)s': the side must be L or R.") % {"text": text.strip()})
    return Site(muscle_id, side)


def code_session(sites: Iterable[Site]) -> Coding:
    """The one dry-needling CPT code for a session's needled sites."""
    muscles = tuple(sorted({site.muscle for site in sites}))
    count = len(muscles)
    if count == 0:
        return Coding(cpt=None, muscles=(), count=0, note=NO_CODE_NOTE)
    cpt = CPT_ONE_OR_TWO if count <= 2 else CPT_THREE_OR_MORE
    plural = "muscle" if count == 1 else "muscles"
    note = (
        f"{cpt}: {count} distinct {plural} (20560 = 1 or 2 muscles, 20561 = 3 or more; "
        "counted by muscle, not by needles, insertions or minutes). "
        "A muscle needled on both sides counts once: the descriptor does not say that sides "
        "count separately. "
        f"Do not report 20560 and 20561 together; {UNITS_NOTE}: check NCCI/MUE."
    )
    return Coding(cpt=cpt, muscles=muscles, count=count, note=note)
