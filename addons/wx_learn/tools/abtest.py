# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A/B test arithmetic: assignment, tests, and the declared decision rule.

No ``odoo`` import; the ORM side feeds counts in and shows the result.

Assignment
    :func:`assign` hashes ``"<experiment key>:<unit>"`` (unit = the order)
    with SHA-256 into [0, 1) and picks the variant whose cumulative traffic
    share covers it: deterministic (every worker, every open, every restart
    gives the same variant) and uniform. It is sticky as long as the split
    does not change, so the ORM forbids changing it once an experiment runs.

Tests
    :func:`two_proportions`: difference of two rates with its Wald confidence
    interval (unpooled) and the pooled two-sided z-test; each rate with its
    Wilson interval. :func:`mann_whitney`: the Mann-Whitney U test with tie
    correction and normal approximation, for times to submit (skewed, so a
    t-test on means would mislead).

Decision rules (declared before the start, never changed after)
    ``fixed``: nothing is decided before every arm has ``sample_size``
    exposures ("no winner yet", however good a peek looks); at the horizon a
    variant wins if its two-sided test against the control has p below
    ``alpha`` (Bonferroni-divided by the number of comparisons), else
    "no difference".

    ``sequential``: the mixture sequential probability ratio test (mSPRT,
    Johari, Pekelis, Walsh 2017) with a normal mixing distribution of
    standard deviation ``tau`` on the difference of rates. Its likelihood
    ratio may be looked at after every exposure: the chance that it ever
    crosses ``1 / alpha`` when the rates are equal is at most ``alpha``. A
    variant wins when it crosses; at ``sample_size`` (the cap) without a
    crossing the answer is "no difference". ``min_sample`` guards the normal
    approximation of the first few dozen exposures.
"""

import hashlib
import math
import re
from dataclasses import dataclass, field

NO_WINNER_YET = "no_winner_yet"
WINNER = "winner"
NO_DIFFERENCE = "no_difference"

# crawlers, link checkers and mail scanners that announce themselves; the
# exposure beacon needs JavaScript too, which most of them do not run
BOT_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|scanner|headless|python-requests|curl|wget"
    r"|httpclient|go-http|okhttp|java/|libwww|facebookexternalhit|lighthouse"
    r"|monitor|check|fetch|scrapy|phantom|selenium|puppeteer|playwright",
    re.IGNORECASE,
)


def is_bot(user_agent):
    """True for an empty user agent or one that names a robot."""
    return not (user_agent or "").strip() or bool(BOT_AGENT.search(user_agent))


def bucket(experiment_key, unit):
    """A number in [0, 1) fixed by the experiment key and the unit."""
    digest = hashlib.sha256(f"{experiment_key}:{unit}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def assign(experiment_key, unit, weights):
    """Index of the variant of ``unit`` for positive ``weights`` (any scale)."""
    if not weights or any(w <= 0 for w in weights):
        raise ValueError("every variant needs a positive traffic share")
    point = bucket(experiment_key, unit) * sum(weights)
    total = 0.0
    for index, weight in enumerate(weights):
        total += weight
        if point < total:
            return index
    return len(weights) - 1


def normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def normal_quantile(p):
    """Inverse of :func:`normal_cdf` (bisection; p in (0, 1))."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be in (0, 1)")
    low, high = -12.0, 12.0
    for _step in range(100):
        mid = (low + high) / 2
        if normal_cdf(mid) < p:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def wilson_interval(successes, trials, alpha=0.05):
    """Wilson score interval of a rate, ``(low, high)``; (0, 1) without data."""
    if trials <= 0:
        return 0.0, 1.0
    z = normal_quantile(1 - alpha / 2)
    rate = successes / trials
    denominator = 1 + z * z / trials
    centre = (rate + z * z / (2 * trials)) / denominator
    half = (
        z
        * math.sqrt(rate * (1 - rate) / trials + z * z / (4 * trials * trials))
        / denominator
    )
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class ProportionTest:
    rate_a: float
    rate_b: float
    diff: float  # rate_b - rate_a
    ci_low: float
    ci_high: float
    z: float
    p_value: float


def two_proportions(x_a, n_a, x_b, n_b, alpha=0.05):
    """Compare ``x_b / n_b`` with ``x_a / n_a`` (see the module docstring)."""
    if min(n_a, n_b) <= 0:
        raise ValueError("both arms need exposures")
    if not (0 <= x_a <= n_a and 0 <= x_b <= n_b):
        raise ValueError("successes must be between 0 and the exposures")
    rate_a, rate_b = x_a / n_a, x_b / n_b
    diff = rate_b - rate_a
    se = math.sqrt(rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b)
    z_ci = normal_quantile(1 - alpha / 2)
    pooled = (x_a + x_b) / (n_a + n_b)
    se_pooled = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se_pooled == 0:
        z, p_value = 0.0, 1.0
    else:
        z = diff / se_pooled
        p_value = 2 * (1 - normal_cdf(abs(z)))
    return ProportionTest(
        rate_a, rate_b, diff, diff - z_ci * se, diff + z_ci * se, z, p_value
    )


@dataclass
class RankTest:
    u: float
    z: float
    p_value: float
    median_a: float
    median_b: float


def median(values):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2


def mann_whitney(a, b):
    """Two-sided Mann-Whitney U test of ``b`` against ``a`` (normal
    approximation with tie correction); ``u`` counts the pairs where the b
    value is larger (ties count half). p = 1 when either side is empty."""
    n_a, n_b = len(a), len(b)
    if not n_a or not n_b:
        return RankTest(0.0, 0.0, 1.0, median(a), median(b))
    pooled = sorted([(value, 0) for value in a] + [(value, 1) for value in b])
    ranks_b = 0.0
    ties = 0.0
    index = 0
    total = len(pooled)
    while index < total:
        end = index
        while end + 1 < total and pooled[end + 1][0] == pooled[index][0]:
            end += 1
        rank = (index + end) / 2 + 1  # average rank of the tied group
        group = end - index + 1
        ties += group**3 - group
        ranks_b += rank * sum(1 for k in range(index, end + 1) if pooled[k][1])
        index = end + 1
    u = ranks_b - n_b * (n_b + 1) / 2
    mean = n_a * n_b / 2
    variance = n_a * n_b / 12 * ((total + 1) - ties / (total * (total - 1) or 1))
    if variance <= 0:
        return RankTest(u, 0.0, 1.0, median(a), median(b))
    z = (u - mean) / math.sqrt(variance)
    return RankTest(u, z, 2 * (1 - normal_cdf(abs(z))), median(a), median(b))


def msprt_ratio(x_a, n_a, x_b, n_b, tau):
    """The mSPRT likelihood ratio of "the rates differ" for the current counts
    (normal approximation, plug-in variance, mixture N(0, tau^2))."""
    rate_a, rate_b = x_a / n_a, x_b / n_b
    variance = rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b
    if variance <= 0:
        return 1.0
    diff = rate_b - rate_a
    tau2 = tau * tau
    exponent = tau2 * diff * diff / (2 * variance * (variance + tau2))
    return math.sqrt(variance / (variance + tau2)) * math.exp(min(exponent, 700.0))


def sample_size(base_rate, min_effect, alpha=0.05, power=0.8):
    """Exposures per arm for a two-sided test to detect ``base_rate`` ->
    ``base_rate + min_effect`` with ``power`` (the fixed horizon to declare)."""
    if not (0 < base_rate < 1 and 0 < base_rate + min_effect < 1 and min_effect):
        raise ValueError("rates must stay in (0, 1) and the effect be non-zero")
    z_a = normal_quantile(1 - alpha / 2)
    z_b = normal_quantile(power)
    other = base_rate + min_effect
    variance = base_rate * (1 - base_rate) + other * (1 - other)
    return math.ceil((z_a + z_b) ** 2 * variance / (min_effect * min_effect))


@dataclass
class Rule:
    """The decision rule declared before the start."""

    kind: str = "fixed"  # fixed | sequential
    alpha: float = 0.05
    sample_size: int = 1000  # per arm: the horizon, or the sequential cap
    tau: float = 0.05  # sequential: spread of the plausible effects
    min_sample: int = 100  # sequential: no look before this many per arm

    def __post_init__(self):
        if self.kind not in ("fixed", "sequential"):
            raise ValueError("the rule is fixed or sequential")
        if not 0 < self.alpha < 0.5:
            raise ValueError("alpha must be in (0, 0.5)")
        if self.sample_size < 1 or self.min_sample < 1 or self.tau <= 0:
            raise ValueError("sizes and tau must be positive")


@dataclass
class Decision:
    status: str  # NO_WINNER_YET | WINNER | NO_DIFFERENCE
    winner: int = None  # index into the arms, control is 0
    tests: list = field(default_factory=list)  # per challenger: ProportionTest
    ratios: list = field(default_factory=list)  # sequential: mSPRT ratios


def decide(rule, arms):
    """The decision for ``arms`` = ``[(successes, exposures), ...]``, the
    control first. A challenger better than the control wins (the best if
    several); the control wins when every challenger is worse."""
    if len(arms) < 2:
        raise ValueError("an experiment compares at least two variants")
    comparisons = len(arms) - 1
    alpha = rule.alpha / comparisons  # Bonferroni over the challengers
    x_a, n_a = arms[0]
    smallest = min(n for _x, n in arms)
    tests, ratios = [], []
    if smallest > 0:
        tests = [two_proportions(x_a, n_a, x, n, alpha) for x, n in arms[1:]]
    at_horizon = smallest >= rule.sample_size
    if rule.kind == "fixed":
        if not at_horizon:
            return Decision(NO_WINNER_YET, tests=tests)
        significant = [t.p_value < alpha for t in tests]
    else:
        if smallest < rule.min_sample:
            return Decision(NO_WINNER_YET, tests=tests)
        ratios = [msprt_ratio(x_a, n_a, x, n, rule.tau) for x, n in arms[1:]]
        significant = [ratio >= 1 / alpha for ratio in ratios]
    better = [i + 1 for i, t in enumerate(tests) if significant[i] and t.diff > 0]
    if better:
        best = max(better, key=lambda i: tests[i - 1].rate_b)
        return Decision(WINNER, best, tests, ratios)
    if all(significant[i] and t.diff < 0 for i, t in enumerate(tests)):
        return Decision(WINNER, 0, tests, ratios)
    if at_horizon:
        return Decision(NO_DIFFERENCE, tests=tests, ratios=ratios)
    return Decision(NO_WINNER_YET, tests=tests, ratios=ratios)
