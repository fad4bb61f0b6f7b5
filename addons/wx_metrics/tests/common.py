# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from prometheus_client.parser import text_string_to_metric_families

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon

from .. import hooks

TOKEN = "wx-metrics-test-token"


def value(child):
    """The value of one labelled counter of this process."""
    return child._value.get()


def scrape_samples(text):
    """``{(sample name, sorted labels): value}`` of a text exposition."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def metrics_settings(**values):
    """The ``[wx_metrics]`` settings seen by /metrics during a test."""
    conf = dict.fromkeys(hooks.SETTINGS, "") | values
    return patch.object(hooks, "read_settings", return_value=conf)


class WxMetricsCommon(WxFeedbackCommon):
    """wx_feedback's users and teams, and a delivered order to rate."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls.delivered_order(cls.customer_a)
