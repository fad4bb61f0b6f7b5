# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import pytest
from wx_feedback.tools import nps


def test_reference_example_is_zero():
    result = nps.nps([10, 9, 8, 6, 3])
    assert (result.promoters, result.passives, result.detractors) == (2, 1, 2)
    assert result.score == 0


def test_no_answers():
    assert nps.nps([]).score is None
    assert nps.csat([]) is None


def test_all_passives_is_zero_not_undefined():
    assert nps.nps([7, 8, 7]).score == 0


def test_extremes_and_boundaries():
    assert nps.nps([9, 10]).score == 100
    assert nps.nps([0, 6]).score == -100
    assert [nps.nps_group(s) for s in (6, 7, 8, 9)] == [
        "detractor",
        "passive",
        "passive",
        "promoter",
    ]


def test_points_average_equals_the_score():
    scores = [10, 10, 9, 8, 7, 6, 5, 0, 10, 3, 9]
    points = [nps.nps_points(s) for s in scores]
    assert sum(points) / len(points) == pytest.approx(nps.nps(scores).score)


def test_csat_share_of_four_and_five():
    assert nps.csat([5, 4, 3, 2]) == 50
    assert nps.csat([1]) == 0


@pytest.mark.parametrize("bad", [-1, 11, 7.5, "9", None, True])
def test_invalid_nps_answers(bad):
    with pytest.raises(ValueError):
        nps.nps([bad])


@pytest.mark.parametrize("bad", [0, 6, "4", None])
def test_invalid_csat_answers(bad):
    with pytest.raises(ValueError):
        nps.csat([bad])
