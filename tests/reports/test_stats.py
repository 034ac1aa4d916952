"""The pure statistics behind the clinic analytics, against values computed by hand."""

import math
from fractions import Fraction

import pytest

from dryneedle.reports.stats import (
    kaplan_meier,
    km_median,
    km_median_interval,
    poisson_interval,
    wilson_interval,
)


def test_wilson_interval_for_8_of_10():
    # p = 0.8, z² = 3.8416, z²/n = 0.38416, denominator 1.38416
    # centre = (0.8 + 0.19208) / 1.38416 = 0.716738
    # half = 1.96 / 1.38416 · √(0.016 + 0.009604) = 1.416022 · 0.160012 = 0.226581
    low, high = wilson_interval(8, 10)
    assert low == pytest.approx(0.490157, abs=1e-6)
    assert high == pytest.approx(0.943319, abs=1e-6)


def test_wilson_interval_edges():
    # 0/10: centre = half = 0.19208 / 1.38416 · … → low exactly 0, high = z²/(n + z²)
    assert wilson_interval(0, 10) == (0.0, pytest.approx(3.8416 / 13.8416))
    assert wilson_interval(10, 10) == (pytest.approx(1 - 3.8416 / 13.8416), 1.0)
    # 1/2: centre 0.5, half = 1.96 / 2.9208 · √(0.125 + 0.2401) = 0.405471
    assert wilson_interval(1, 2) == (pytest.approx(0.094529, abs=1e-6), pytest.approx(0.905471))
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(3, 2)


def test_poisson_interval_is_the_exact_garwood_interval():
    # 0 events: upper mean = −ln(0.025) = 3.688879
    assert poisson_interval(0, 1) == (0.0, pytest.approx(-math.log(0.025)))
    # 1 event: lower = −ln(0.975) = 0.025318 (P(X ≥ 1) = 1 − e^−μ = 0.025); upper from tables
    low, high = poisson_interval(1, 1)
    assert low == pytest.approx(-math.log(0.975))
    assert high == pytest.approx(5.571643, abs=1e-6)
    # 10 events (tables: 4.7954 to 18.3904), per 100 units of exposure
    low, high = poisson_interval(10, 100)
    assert (low, high) == (pytest.approx(0.047954, abs=1e-6), pytest.approx(0.183904, abs=1e-6))
    assert poisson_interval(3, 0) is None


def test_kaplan_meier_with_censoring():
    # t=1: 4 at risk, 1 event → S = 3/4; t=2 censored; t=3: 2 at risk, 1 event → 3/8;
    # t=4: 1 at risk, 1 event → 0
    curve = kaplan_meier([(3, True), (1, True), (2, False), (4, True)])
    assert curve == [(1, 0.75), (3, 0.375), (4, 0.0)]
    assert km_median(curve) == 3.0


def test_a_case_censored_at_an_event_time_is_still_at_risk_then():
    # t=2: 3 at risk (the censored one included), 1 event → 2/3; t=3: 1 at risk → 0
    curve = kaplan_meier([(2, True), (2, False), (3, True)])
    assert curve == [(2, pytest.approx(2 / 3)), (3, 0.0)]


def test_median_is_none_when_survival_never_reaches_one_half():
    # t=1: 4 at risk, 1 event → 3/4; everyone else censored
    curve = kaplan_meier([(1, True), (2, False), (3, False), (4, False)])
    assert curve == [(1, 0.75)]
    assert km_median(curve) is None
    assert kaplan_meier([]) == []
    assert km_median([]) is None


def test_median_at_exactly_one_half_is_that_time():
    # 3/4 · 2/3 = 1/2 exactly (the exact curve keeps fractions)
    exact = kaplan_meier([(1, True), (2, True), (3, False), (4, False)], exact=True)
    assert exact == [(1, Fraction(3, 4)), (2, Fraction(1, 2))]
    assert km_median(exact) == 2.0


def test_median_interval_from_the_log_scale_greenwood_band():
    # Ten events at t = 1…10: S(t) = (10 − t)/10, σ²(t) = Σ 1/(n(n−1)) = t / (10 (10 − t)).
    # t=3: S = 0.7, σ = √(3/70) = 0.20702, lower band 0.7 / e^(1.96·0.20702) = 0.4665 ≤ 0.5
    #   → lower limit 3 (t=2: σ = √(2/80) = 0.15811, 0.8 / e^(1.96·0.15811) = 0.5868 > 0.5).
    # The upper band 0.1 · e^(1.96·0.94868) = 0.642 at t=9 is still above 0.5 and S(10) = 0
    #   leaves it undefined → upper limit not reached.
    assert km_median_interval([(t, True) for t in range(1, 11)]) == (3.0, None)
    assert km_median_interval([]) == (None, None)
