# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Net Promoter Score and CSAT, as defined in shared/INTEGRATIONS.md §4.

NPS: answers 0-10; promoters 9-10, passives 7-8, detractors 0-6;
NPS = %promoters - %detractors (passives count in the denominator only),
from -100 to +100. CSAT: answers 1-5; CSAT = share of 4 and 5, in percent.
Both are None when there is no answer.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NpsResult:
    promoters: int
    passives: int
    detractors: int

    @property
    def responses(self):
        return self.promoters + self.passives + self.detractors

    @property
    def score(self):
        if not self.responses:
            return None
        return 100.0 * (self.promoters - self.detractors) / self.responses


def nps_group(score):
    """'promoter', 'passive' or 'detractor' of one 0-10 answer."""
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
        raise ValueError(f"NPS answers go from 0 to 10, not {score!r}")
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


def nps_points(score):
    """+100, 0 or -100: the mean of these over the answers is the NPS."""
    return {"promoter": 100, "passive": 0, "detractor": -100}[nps_group(score)]


def nps(scores):
    groups = [nps_group(score) for score in scores]
    return NpsResult(
        groups.count("promoter"), groups.count("passive"), groups.count("detractor")
    )


def csat_satisfied(score):
    if not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 5:
        raise ValueError(f"CSAT answers go from 1 to 5, not {score!r}")
    return score >= 4


def csat(scores):
    """Share of satisfied answers (4 or 5) in percent, None without answers."""
    answers = [csat_satisfied(score) for score in scores]
    if not answers:
        return None
    return 100.0 * sum(answers) / len(answers)
