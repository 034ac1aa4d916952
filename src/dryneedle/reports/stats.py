"""Small, pure statistics for the clinic analytics: proportions, event rates and survival.

No Django and no third-party packages, so every number can be checked by hand. The formulas
are in each docstring; `z = 1.96` gives two-sided 95 % intervals.
"""

import math
from collections.abc import Callable, Iterator
from fractions import Fraction


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float] | None:
    """Wilson score interval for a binomial proportion (Wilson 1927); None when n == 0.

    With p = successes / n:

        centre    = (p + z² / 2n) / (1 + z² / n)
        half      = z / (1 + z² / n) · √( p (1 − p) / n + z² / 4n² )
        interval  = [centre − half, centre + half]

    Unlike the Wald interval (p ± z√(p(1−p)/n)) it stays inside [0, 1] and does not collapse
    to a point at 0/n or n/n. Example: 8/10 gives (0.4902, 0.9433).
    """
    if n < 0 or not 0 <= successes <= n:
        raise ValueError(f"need 0 <= successes <= n, got {successes}/{n}")
    if n == 0:
        return None
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


# Terms of the Poisson sum more than this many standard deviations below the mean are below
# exp(-72) ≈ 5e-32 of the largest term (Chernoff bound): far under a double's precision.
NEGLIGIBLE_SD = 12


def _poisson_cdf(k: int, mean: float) -> float:
    """P(X ≤ k) for X ~ Poisson(mean), summed in log space (no overflow for large k).

    Only terms within NEGLIGIBLE_SD standard deviations below the mean are summed: at a
    million events that is 24,000 terms instead of a million, for the same double."""
    if mean == 0:
        return 1.0
    log_mean = math.log(mean)
    first = max(0, math.floor(mean - NEGLIGIBLE_SD * math.sqrt(mean)))
    return min(
        1.0,
        math.fsum(math.exp(-mean + i * log_mean - math.lgamma(i + 1)) for i in range(first, k + 1)),
    )


def _solve_decreasing(function: Callable[[float], float], target: float, high: float) -> float:
    """x in [0, high] with function(x) = target, for a function decreasing in x (bisection)."""
    low = 0.0
    while function(high) > target:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if function(middle) > target:
            low = middle
        else:
            high = middle
        if high - low <= 1e-12 * max(1.0, high):
            break
    return (low + high) / 2


def poisson_interval(
    events: int, exposure: float, confidence: float = 0.95
) -> tuple[float, float] | None:
    """Exact (Garwood 1936) interval for an event rate: events per unit of exposure.

    For k observed events the mean count μ has limits

        lower: P(X ≥ k | μ_L) = α/2   (μ_L = 0 when k = 0)
        upper: P(X ≤ k | μ_U) = α/2

    with α = 1 − confidence, equivalently μ_L = χ²(α/2; 2k)/2 and μ_U = χ²(1−α/2; 2k+2)/2.
    The rate limits are μ_L / exposure and μ_U / exposure; None when exposure == 0. Used for
    adverse events per treatment, where one treatment may have several events (a binomial
    proportion does not fit). Example: 0 events gives μ_U = −ln 0.025 = 3.689.
    """
    if events < 0 or exposure < 0:
        raise ValueError("events and exposure cannot be negative")
    if exposure == 0:
        return None
    tail = (1 - confidence) / 2
    start = events + 10 * math.sqrt(events + 1) + 10
    upper = _solve_decreasing(lambda mean: _poisson_cdf(events, mean), tail, start)
    if events == 0:
        lower = 0.0
    else:  # P(X ≥ k) = 1 − P(X ≤ k − 1) increases with μ
        lower = _solve_decreasing(lambda mean: _poisson_cdf(events - 1, mean), 1 - tail, start)
    return lower / exposure, upper / exposure


def _steps(times_events: list[tuple[int, bool]]) -> Iterator[tuple[int, int, int]]:
    """(t, events at t, number at risk at t) at each distinct event time, ascending.

    At risk at t: everyone whose time is ≥ t, so a case censored at t still counts at t
    (the usual convention: censoring happens just after the events at the same time)."""
    at_risk = len(times_events)
    by_time: dict[int, list[int]] = {}
    for time, event in times_events:
        if time < 0:
            raise ValueError(f"negative time {time}")
        counts = by_time.setdefault(time, [0, 0])
        counts[0 if event else 1] += 1
    for time in sorted(by_time):
        events, censored = by_time[time]
        if events:
            yield time, events, at_risk
        at_risk -= events + censored


def kaplan_meier(
    times_events: list[tuple[int, bool]], *, exact: bool = False
) -> list[tuple[int, float | Fraction]]:
    """Kaplan–Meier product-limit estimate from (time, event) pairs (event False: censored).

        S(t) = Π over distinct event times tᵢ ≤ t of (1 − dᵢ / nᵢ)

    dᵢ = events at tᵢ, nᵢ = number still at risk at tᵢ (time ≥ tᵢ). Returns (tᵢ, S(tᵢ)) at
    each distinct event time, ascending; S is 1 before the first and stays flat between them.
    The product is computed exactly (fractions); S comes back as a float, or as the exact
    Fraction with exact=True (so that km_median can tell S = 0.5 from a hair above it).
    Example: [(1, True), (2, False), (3, True), (4, True)] → [(1, 0.75), (3, 0.375), (4, 0.0)].
    """
    curve: list[tuple[int, float | Fraction]] = list(_exact_curve(times_events))
    return curve if exact else [(time, float(survival)) for time, survival in curve]


def _exact_curve(times_events: list[tuple[int, bool]]) -> Iterator[tuple[int, Fraction]]:
    survival = Fraction(1)
    for time, events, at_risk in _steps(times_events):
        survival *= 1 - Fraction(events, at_risk)
        yield time, survival


def km_median(curve: list[tuple[int, float | Fraction]]) -> float | None:
    """The median time: the first t with S(t) ≤ 0.5, or None when S never falls that low
    (fewer than half reached the event by the end of follow-up). Exact when given the
    exact curve (kaplan_meier(..., exact=True))."""
    return next((float(time) for time, survival in curve if survival <= Fraction(1, 2)), None)


def km_median_interval(
    times_events: list[tuple[int, bool]], z: float = 1.96
) -> tuple[float | None, float | None]:
    """95 % interval for the Kaplan–Meier median, read off the pointwise confidence band of S
    (the approach of R's survfit with its default conf.type "log"; Brookmeyer & Crowley's
    idea of inverting a test of S(t) = 0.5):

        Greenwood: σ²(t) = Σ over tᵢ ≤ t of dᵢ / (nᵢ (nᵢ − dᵢ))     (Var log S(t) ≈ σ²)
        band:      S(t) · exp(± z σ(t)), the upper end capped at 1

    lower limit = first t where the lower band ≤ 0.5 (the earliest time the median could
    plausibly be); upper limit = first t where the upper band ≤ 0.5. None for the upper limit
    means not reached (beyond the follow-up), and so for the lower limit when no event
    happened. Where S(t) reaches 0 the Greenwood sum is infinite: the upper band is
    undefined there (not used) and the lower band is 0. Example: ten events at t = 1…10, no
    censoring, give (3, None) around a median of 5 (km_median; R would print 5.5, the middle
    of the flat stretch at S = 0.5).
    """
    greenwood = 0.0
    low = high = None
    for (time, events, at_risk), (_, exact) in zip(
        _steps(times_events), _exact_curve(times_events), strict=True
    ):
        survival = float(exact)
        if events < at_risk:
            greenwood += events / (at_risk * (at_risk - events))
            spread = math.exp(z * math.sqrt(greenwood))
            upper_band = min(1.0, survival * spread)
            lower_band = survival / spread
        else:
            upper_band = None
            lower_band = 0.0
        if low is None and lower_band <= 0.5:
            low = float(time)
        if high is None and upper_band is not None and upper_band <= 0.5:
            high = float(time)
        if survival == 0:
            break
    return low, high
