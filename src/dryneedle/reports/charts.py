"""Progress charts drawn with matplotlib (a Figure per chart, no pyplot state), as SVG.

Each chart comes with its data as rows, which the page shows as a table: the accessible text
alternative to the picture.
"""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property

import matplotlib

matplotlib.use("Agg")  # no display in a server

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dryneedle.outcomes import instruments, scoring
from dryneedle.outcomes.models import Response
from dryneedle.treatments.models import Treatment

# Chart text stays text in the SVG (not paths): screen readers and pdftotext can read it in
# the PDF. DejaVu Sans, matplotlib's own default, is the font the text is laid out with and
# the one WeasyPrint finds on the server (Debian's fonts-dejavu-core); browsers without it
# fall back to another sans-serif.
# Process-wide rather than an rc_context around each savefig: rc_context swaps the shared
# rcParams and restores them on exit, which two threads drawing at once would interleave.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["font.family"] = ["DejaVu Sans", "sans-serif"]

BRAND, ACCENT, MUTED = "#0f5e63", "#c0392b", "#6b7a82"


@dataclass(frozen=True)
class Chart:
    draw: Callable[[], bytes]  # the SVG, drawn only when asked: pages show just the table
    title: str
    description: str  # one sentence for alt text
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]

    @cached_property
    def svg(self) -> bytes:
        return self.draw()


def _figure() -> tuple[Figure, Axes]:
    figure = Figure(figsize=(7.2, 3.2), dpi=100)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#d8e0e3", linewidth=0.8)
    axes.set_axisbelow(True)
    return figure, axes


def _pad_dates(axes: Axes, dates: list[datetime.date]) -> None:
    """Give a single day (or one day's points) a readable week around it."""
    if dates and min(dates) == max(dates):
        # matplotlib converts dates through its units registry; its stubs type only numbers.
        axes.set_xlim(
            min(dates) - datetime.timedelta(days=3),  # type: ignore[arg-type]
            max(dates) + datetime.timedelta(days=3),  # type: ignore[arg-type]
        )


def _svg(figure: Figure, title: str) -> bytes:
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Title": title, "Date": None})
    return buffer.getvalue()


def nprs_chart(treatments: Iterable[Treatment]) -> Chart:
    """Pain before and after each signed session."""
    rows = tuple(
        (timezone.localtime(t.performed_at).date(), t.pre_nprs, t.post_nprs)
        for t in treatments
        if t.pre_nprs is not None
    )
    title = _("Pain (NPRS) before and after each session")

    def draw() -> bytes:
        figure, axes = _figure()
        if rows:
            dates = [r[0] for r in rows]
            # matplotlib converts dates through its units registry and draws None (no pain
            # recorded after the session) as a gap; its stubs type only numbers.
            axes.plot(
                dates,  # type: ignore[arg-type]
                [r[1] for r in rows],
                marker="o",
                color=ACCENT,
                label=_("Before"),
            )
            axes.plot(
                dates,  # type: ignore[arg-type]
                [r[2] for r in rows],  # type: ignore[arg-type]
                marker="s",
                color=BRAND,
                label=_("After"),
            )
            axes.legend(frameon=False, loc="upper right")
            _pad_dates(axes, dates)
            figure.autofmt_xdate()
        else:
            axes.text(
                0.5,
                0.5,
                _("No signed session yet"),
                ha="center",
                va="center",
                transform=axes.transAxes,
                color=MUTED,
            )
        axes.set_ylim(0, 10.5)
        axes.set_ylabel(_("NPRS (0 no pain – 10 worst)"))
        axes.set_xlabel(_("Session date"))
        axes.set_title(title, loc="left", fontsize=11)
        return _svg(figure, title)

    description = (
        ngettext(
            "%(count)d sessions; latest pain %(before)s before and %(after)s after.",
            "%(count)d sessions; latest pain %(before)s before and %(after)s after.",
            len(rows),
        )
        % {"count": len(rows), "before": rows[-1][1], "after": rows[-1][2]}
        if rows
        else _("No signed session yet.")
    )
    return Chart(draw, title, description, (_("Date"), _("Before"), _("After")), rows)


def instrument_chart(instrument_id: str, responses: Iterable[Response]) -> Chart:
    """An instrument's score over time, on its MCID scale, with the MCID band from baseline."""
    instrument = instruments.lookup(instrument_id)
    values = []
    for r in responses:
        result = scoring.Score(
            instrument.id,
            float(r.score),
            float(r.max_score),
            float(r.percent),
            r.answered,
            instrument.mcid,
            instrument.higher_is_better,
        )
        values.append((timezone.localtime(r.collected_at).date(), scoring.change_value(result)))
    scale = "%" if instrument.mcid_scale == "percent" else _("score")
    title = f"{instrument.name} ({instrument.id})"
    band = ""
    if values and instrument.mcid is not None and not instrument.mcid_unconfirmed:
        band = " " + _("The dashed line marks a change of one MCID (%(mcid)s) from baseline.") % {
            "mcid": f"{instrument.mcid:g}"
        }

    def draw() -> bytes:
        figure, axes = _figure()
        dates = [v[0] for v in values]
        # matplotlib converts dates through its units registry; its stubs type only numbers.
        axes.plot(
            dates,  # type: ignore[arg-type]
            [v[1] for v in values],
            marker="o",
            color=BRAND,
            label=instrument.id,
        )
        if band and instrument.mcid is not None:  # a band is drawn only with an MCID
            baseline = values[0][1]
            target = (
                baseline + instrument.mcid
                if instrument.higher_is_better
                else baseline - instrument.mcid
            )
            low, high = sorted((baseline, target))
            axes.axhspan(
                low,
                high,
                color=BRAND,
                alpha=0.12,
                label=_("within MCID (%(mcid)s)") % {"mcid": f"{instrument.mcid:g}"},
            )
            axes.axhline(target, color=BRAND, linestyle="--", linewidth=1)
        axes.set_ylim(0, instrument.scale_max if scale == "score" else 100)
        better = (
            _("%(instrument)s (%(scale)s; higher is better)")
            if instrument.higher_is_better
            else _("%(instrument)s (%(scale)s; lower is better)")
        )
        axes.set_ylabel(better % {"instrument": instrument.id, "scale": scale})
        axes.set_xlabel(_("Date"))
        axes.set_title(title, loc="left", fontsize=11)
        axes.legend(frameon=False, loc="best")
        _pad_dates(axes, dates)
        figure.autofmt_xdate()
        return _svg(figure, title)

    description = (
        ngettext(
            "%(count)d responses from %(first)s to %(latest)s.",
            "%(count)d responses from %(first)s to %(latest)s.",
            len(values),
        )
        % {"count": len(values), "first": f"{values[0][1]:g}", "latest": f"{values[-1][1]:g}"}
        + band
        if values
        else ""
    )
    columns = (_("Date"), f"{instrument.id} ({scale})")
    return Chart(draw, title, description, columns, tuple(values))
