# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The delivery-risk module: schema, features, learners, evaluation."""

import io
import json
import random
from datetime import date, datetime

import numpy as np
import pytest
from wx_delivery.tools import learn, metrics
from wx_delivery.tools.features import NAMES, FeatureBuilder
from wx_delivery.tools.generator import CAPACITY, WAREHOUSES, generate
from wx_delivery.tools.history import (
    COLUMNS,
    HistoryError,
    is_late,
    read_rows,
    to_csv_text,
)
from wx_delivery.tools.holidays import HolidayCalendar, prc_calendar

CALENDAR = prc_calendar()


@pytest.fixture(scope="module")
def history():
    return generate(seed=5, end=date(2026, 10, 31), days=240, per_day=22, open_days=2)


@pytest.fixture(scope="module")
def trained(history):
    rows = learn.sort_rows([r for r in history if r["delivered_at"]])
    train_rows, test_rows = learn.split_by_time(rows, 0.8)
    model = learn.train(train_rows, CALENDAR)
    as_of = train_rows[-1]["ordered_at"]
    known = [r for r in train_rows if r["delivered_at"] <= as_of]
    return model, train_rows, test_rows, known, as_of, rows


def test_csv_round_trip_and_empty_weather(history):
    text = to_csv_text(history[:50])
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = read_rows(io.StringIO(text))
    assert [r["order_id"] for r in rows] == [r["order_id"] for r in history[:50]]
    assert rows[0]["ordered_at"] == history[0]["ordered_at"].replace(microsecond=0)
    empty = text.splitlines()[1].split(",")
    empty[-2:] = ["", ""]
    parsed = read_rows(io.StringIO(",".join(COLUMNS) + "\n" + ",".join(empty) + "\n"))
    assert parsed[0]["temperature_c"] is None and parsed[0]["rain_mm"] is None


@pytest.mark.parametrize(
    "text, message",
    [
        ("a,b\n1,2\n", "header"),
        (
            ",".join(COLUMNS) + "\nX,C,R,W,K,yesterday,2026-01-01T10:00,,1,1,0,,\n",
            "line 2",
        ),
        (",".join(COLUMNS) + "\nX,C,R,W,K,2026-01-01T08:00,,,1,1,0,,\n", "promised_at"),
        (
            ",".join(COLUMNS)
            + "\nX,C,R,W,K,2026-01-01T08:00+08:00,2026-01-02T08:00,,1,1,0,,\n",
            "zone",
        ),
    ],
)
def test_bad_history_is_refused_clearly(text, message):
    with pytest.raises(HistoryError, match=message):
        read_rows(io.StringIO(text))


def test_generator_is_seeded_and_long_enough(history):
    again = generate(seed=5, end=date(2026, 10, 31), days=240, per_day=22, open_days=2)
    assert again == history
    other = generate(seed=6, end=date(2026, 10, 31), days=240, per_day=22, open_days=2)
    assert other != history
    demo = generate(seed=17, end=date(2026, 11, 30), days=600, per_day=5)
    span = demo[-1]["promised_at"] - demo[0]["promised_at"]
    assert span.days >= 548  # 18 months
    delivered = [r for r in history if r["delivered_at"]]
    rate = sum(map(is_late, delivered)) / len(delivered)
    assert 0.08 < rate < 0.35
    assert any(r["delivered_at"] is None for r in history)
    assert any(r["rain_mm"] is None for r in history)


def test_open_events_change_the_open_days_only():
    """A storm forecast and a warehouse's rush on the second open day: the
    history is the same, the storm's rain is that day's weather in the
    province, the warehouse's orders fill it to the load asked, and the
    hidden model makes those orders likelier to be late."""
    kwargs = {"seed": 5, "end": date(2026, 10, 31), "days": 60, "per_day": 22}
    plain_truth, truth = {}, {}
    plain = generate(open_days=2, truth=plain_truth, **kwargs)
    events = {"storm": {"福建省": (2, 55.0)}, "rush": {"福州仓": (2, 1.5)}}
    rows = generate(open_days=2, truth=truth, open_events=events, **kwargs)
    assert [r for r in rows if r["delivered_at"]] == [
        r for r in plain if r["delivered_at"]
    ]
    day = date(2026, 11, 2)
    that_day = [
        r for r in rows if not r["delivered_at"] and r["promised_at"].date() == day
    ]
    fujian = [r for r in that_day if r["region"].startswith("福建省")]
    assert fujian
    assert {r["rain_mm"] for r in fujian} <= {55.0, None}
    assert {r["rain_mm"] for r in that_day if r not in fujian} != {55.0}
    fuzhou = [r for r in that_day if r["warehouse"] == "福州仓"]
    assert len(fuzhou) == round(1.5 * 22 * CAPACITY[WAREHOUSES.index("福州仓")])

    def mean_p(truths, selected):
        return sum(truths[r["order_id"]][0] for r in selected) / len(selected)

    plain_fuzhou = [
        r
        for r in plain
        if not r["delivered_at"]
        and r["promised_at"].date() == day
        and r["warehouse"] == "福州仓"
    ]
    assert mean_p(truth, fuzhou) > mean_p(plain_truth, plain_fuzhou) + 0.2


def test_time_split_trains_on_the_past():
    rows = generate(seed=9, end=date(2026, 6, 30), days=60, per_day=10, open_days=0)
    random.Random(1).shuffle(rows)
    train_rows, test_rows = learn.split_by_time(rows, 0.8)
    assert len(train_rows) == round(0.8 * len(rows))
    assert max(r["ordered_at"] for r in train_rows) <= min(
        r["ordered_at"] for r in test_rows
    )


def test_leakage_guard_shuffled_outcomes_do_not_change_scores(trained):
    model, _train, test_rows, known, as_of, rows = trained
    before = model.predict(test_rows, known, as_of=as_of, loads=rows)
    outcomes = [r["delivered_at"] for r in test_rows]
    random.Random(3).shuffle(outcomes)
    shuffled = [
        dict(r, delivered_at=d) for r, d in zip(test_rows, outcomes, strict=True)
    ]
    after = model.predict(shuffled, known, as_of=as_of, loads=rows)
    np.testing.assert_array_equal(before, after)
    # and the known outcomes do matter (the guard above is not vacuous)
    flipped = [dict(r, delivered_at=r["promised_at"].replace(hour=23)) for r in known]
    assert not np.array_equal(
        before, model.predict(test_rows, flipped, as_of=as_of, loads=rows)
    )


def test_features_only_see_outcomes_known_before_the_row(history):
    rows = learn.sort_rows([r for r in history if r["delivered_at"]])[:400]
    builder = FeatureBuilder(CALENDAR).fit(rows)
    X, _rates = builder.matrix(rows, rows)
    late_all = [
        dict(r, delivered_at=r["promised_at"].replace(hour=23, minute=59)) for r in rows
    ]
    X2, _rates = builder.matrix(rows, late_all)
    first = rows[0]
    # nothing was delivered before the first order: same features either way
    np.testing.assert_array_equal(X[0], X2[0])
    assert first["ordered_at"] < rows[-1]["ordered_at"]
    assert X.shape == (len(rows), len(NAMES))


def test_beats_the_baseline_and_is_calibrated(trained):
    model, train_rows, test_rows, known, as_of, rows = trained
    y = learn.labels(test_rows)
    p = model.predict(test_rows, known, as_of=as_of, loads=rows)
    baseline = learn.RegionBaseline(train_rows).predict(test_rows)
    assert metrics.roc_auc(y, p) > metrics.roc_auc(y, baseline) + 0.05
    assert metrics.brier(y, p) < metrics.brier(y, baseline)
    assert abs(p.mean() - y.mean()) < 0.05
    # the highest decile is much later than the lowest
    table = metrics.calibration_table(y, p, bins=5)
    assert table[-1][1] > 2 * table[0][1]


def test_empty_weather_and_unseen_region_and_carrier(trained):
    model, _train, test_rows, known, as_of, rows = trained
    row = dict(test_rows[0], temperature_c=None, rain_mm=None)
    unseen = dict(
        test_rows[0], region="西藏自治区/拉萨市", carrier="新承运商", warehouse="新仓"
    )
    p = model.predict([row, unseen], known, as_of=as_of, loads=rows)
    assert np.isfinite(p).all() and ((p > 0) & (p < 1)).all()
    X, _rates = model.features([unseen], known, as_of=as_of, loads=rows)
    prior = model.builder.prior
    assert X[0][NAMES.index("short_carrier")] == pytest.approx(prior)
    assert X[0][NAMES.index("long_region")] == pytest.approx(prior)


def test_model_is_plain_json_and_scores_the_same(trained):
    model, _train, test_rows, known, as_of, rows = trained
    data = json.loads(json.dumps(model.to_dict()))
    again = learn.RiskModel.from_dict(data, CALENDAR)
    np.testing.assert_allclose(
        again.predict(test_rows, known, as_of=as_of, loads=rows),
        model.predict(test_rows, known, as_of=as_of, loads=rows),
    )
    data["features"] = data["features"][:-1]
    with pytest.raises(ValueError, match="retrain"):
        learn.RiskModel.from_dict(data, CALENDAR)


def test_trees_scored_without_sklearn_match_sklearn(history):
    from sklearn.ensemble import HistGradientBoostingClassifier

    rows = learn.sort_rows([r for r in history if r["delivered_at"]])[:1500]
    X, _rates = FeatureBuilder(CALENDAR).fit(rows).matrix(rows, rows)
    X[::7, NAMES.index("rain")] = np.nan
    y = learn.labels(rows)
    learner = learn.TreesLearner(max_iter=30).fit(X, y, rows)
    reference = HistGradientBoostingClassifier(
        random_state=0, **learn.TreesLearner(max_iter=30).options
    ).fit(X, y)
    np.testing.assert_allclose(
        learner.decision(X), reference.decision_function(X), atol=1e-9
    )


def test_reasons_name_the_factors(trained):
    model, _train, test_rows, known, as_of, rows = trained
    X, rates = model.features(test_rows[:200], known, as_of=as_of, loads=rows)
    reasons = learn.explain(model, X, test_rows[:200], rates, model.report["reference"])
    assert any(reasons)
    codes = {code for row in reasons for code, _details in row}
    assert codes <= set(learn.REASON_GROUPS)
    assert all(len(row) <= 3 for row in reasons)


def test_holiday_calendar_blocks():
    calendar = HolidayCalendar(
        {date(2026, 10, d): "holiday" for d in range(1, 8)}
        | {date(2026, 10, 10): "workday"}
    )
    assert calendar.features(date(2026, 10, 3))[0] == 1
    assert calendar.features(date(2026, 10, 10))[1] == 1
    assert calendar.features(date(2026, 9, 29))[2] == 2
    assert calendar.features(date(2026, 10, 9))[3:] == (2, 7)
    assert calendar.features(date(2026, 12, 1)) == (0, 0, 0, 0, 0)
    assert date(2025, 1, 28) in CALENDAR.holidays  # the 2025 calendar shipped here
    assert date(2026, 2, 17) in CALENDAR.holidays


def test_metrics():
    assert metrics.roc_auc([0, 0, 1, 1], [0.1, 0.2, 0.3, 0.4]) == 1.0
    assert metrics.roc_auc([0, 1], [0.5, 0.5]) == 0.5
    assert metrics.pr_auc([1, 0, 1], [0.9, 0.8, 0.1]) == pytest.approx((1 + 2 / 3) / 2)
    assert metrics.brier([1, 0], [1.0, 0.0]) == 0.0


def test_time_is_naive_local(history):
    assert all(
        isinstance(r["ordered_at"], datetime) and r["ordered_at"].tzinfo is None
        for r in history[:10]
    )


def test_outcome_summary():
    from wx_delivery.tools.outcomes import outcome_summary

    triples = [
        (True, True, False),
        (True, False, False),
        (False, True, True),
        (False, True, False),
    ]
    summary = outcome_summary(triples)
    assert summary["precision"] == 0.5
    assert summary["recall"] == pytest.approx(1 / 3)
    assert summary["complaint_rate_warned_late"] == 0.0
    assert summary["complaint_rate_unwarned_late"] == 0.5
    assert outcome_summary([])["precision"] is None


def test_training_loads_count_each_order_once(history):
    """Regression: a training matrix (``known`` = ``rows``) counted every
    order twice in its warehouse's load, so the learner saw loads twice as
    high as the scored rows do."""
    rows = learn.sort_rows([r for r in history if r["delivered_at"]])[:600]
    builder = FeatureBuilder(CALENDAR).fit(rows)
    X, _rates = builder.matrix(rows, rows)
    X_once, _rates = builder.matrix(rows, rows, loads=rows)
    np.testing.assert_array_equal(X, X_once)
    assert np.median(X[:, NAMES.index("load")]) == pytest.approx(1.0, abs=0.35)


def test_candidates_are_compared_and_chosen_on_validation(history):
    rows = learn.sort_rows([r for r in history if r["delivered_at"]])
    lines = []
    models, table, best = learn._candidates(
        rows, CALENDAR, learn.LEARNERS, 0, lines.append, None
    )
    assert set(models) == {*learn.LEARNERS, "blend", "stack"}
    assert set(table) == {"baseline", *models}
    assert best == min(models, key=lambda k: (round(table[k]["brier"], 5), k))
    assert f"chosen on validation: {best}" in lines
    # the stack's weights were learned, the blend's are equal
    assert models["blend"].learner.weights == [0.5, 0.5]
    assert models["stack"].learner.weights != [0.5, 0.5]


def test_isotonic_and_stacked_models_are_plain_json(trained):
    model, _train, test_rows, known, as_of, rows = trained
    X, _rates = model.features(test_rows, known, as_of=as_of, loads=rows)
    raw = model.learner.decision(X, test_rows)
    y = learn.labels(test_rows)
    iso = learn.Calibration.fit("isotonic", raw, y)
    assert np.all(np.diff(iso(np.sort(raw))) >= 0)  # monotone
    assert 0 < iso(raw).min() and iso(raw).max() < 1
    parts = [
        learn.LogisticLearner.from_dict(
            json.loads(
                json.dumps(learn.LogisticLearner().fit(X, y, test_rows).to_dict())
            )
        ),
        learn.TreesLearner(max_iter=20).fit(X, y, test_rows),
    ]
    stacked = learn.RiskModel(
        model.builder, learn.BlendLearner("stack", parts, [0.7, 0.4]), iso
    )
    again = learn.RiskModel.from_dict(
        json.loads(json.dumps(stacked.to_dict())), CALENDAR
    )
    np.testing.assert_allclose(
        again.predict_matrix(X, test_rows), stacked.predict_matrix(X, test_rows)
    )
    # a version-1 model (calibration [a, b]) still loads
    data = model.to_dict()
    data["calibration"] = [1.0, 0.0]
    old = learn.RiskModel.from_dict(data, CALENDAR)
    assert old.calibration.method == "platt"


def test_simulator_is_independent_and_hits_its_late_rate(tmp_path):
    from delay import simulate  # scripts/delay (conftest puts scripts/ on the path)

    rows, truth = simulate.simulate(seed=4, days=120, per_day=30, late_rate=0.38)
    late = sum(r["delivered_at"] > r["promised_at"] for r in rows) / len(rows)
    assert abs(late - 0.38) < 0.03
    again, _truth = simulate.simulate(seed=4, days=120, per_day=30, late_rate=0.38)
    assert again == rows
    assert all(0 < p <= 1 and 0 < k <= 1 for p, k in truth.values())
    # its names are its own: nothing in common with the demo generator
    from wx_delivery.tools import generator

    assert not {r["carrier"] for r in rows} & set(generator.CARRIERS)
    assert not {r["warehouse"] for r in rows} & set(generator.WAREHOUSES)
    out = tmp_path / "sim.csv"
    assert simulate.main([str(out), "--days", "60", "--per-day", "10"]) == 0
    assert read_rows(io.StringIO(out.read_text()))  # the evaluation's schema


def test_evaluate_command_compares_and_ends_with_its_line(tmp_path, capsys):
    import re

    from delay import evaluate, simulate

    history, truth = tmp_path / "h.csv", tmp_path / "t.csv"
    simulate.main(
        [str(history), "--days", "90", "--per-day", "15", "--truth", str(truth)]
    )
    capsys.readouterr()
    assert evaluate.main([str(history), "--truth", str(truth)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(
        r"auc=0\.\d{4} pr_auc=0\.\d{4} brier=0\.\d{4} baseline_auc=0\.\d{4}"
        r" rows=\d+",
        lines[-1],
    )
    text = "\n".join(lines)
    for name in ("baseline", "logistic", "logistic_nodecay", "gbt", "blend", "stack"):
        assert re.search(rf"^  {name}\s+validation auc=", text, re.MULTILINE), name
    assert "true probabilities on the test rows: auc=" in text
    assert evaluate.main([str(tmp_path / "missing.csv")]) == 2
