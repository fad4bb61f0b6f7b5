# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.tests import HttpCase, tagged

from ..tools import metrics
from .common import TOKEN, WxMetricsCommon, metrics_settings, scrape_samples, value


@tagged("post_install", "-at_install")
class TestMetricsRoute(HttpCase):
    """/metrics is never public, answers 401/403 (not 500) to the wrong
    scraper, and serves the text format to the right one."""

    def settings(self, **values):
        return metrics_settings(**values)

    def get(self, headers=None):
        return self.url_open("/metrics", headers=headers or {}, allow_redirects=False)

    def test_server_wide_loading_enabled_the_metrics(self):
        # ./wxf writes server_wide_modules = ...,wx_metrics in odoo.conf
        self.assertTrue(metrics.STATE.enabled)

    def test_closed_without_configuration(self):
        with self.settings():
            response = self.get({"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(response.status_code, 403)
        self.assertIn("closed", response.text)

    def test_no_token_and_wrong_token(self):
        with self.settings(token=TOKEN):
            missing = self.get()
            wrong = self.get({"Authorization": "Bearer not-the-token"})
            basic = self.get({"Authorization": "Basic d3g6d3g="})
        for response in (missing, wrong, basic):
            self.assertEqual(response.status_code, 401)
            self.assertEqual(
                response.headers["WWW-Authenticate"], 'Bearer realm="metrics"'
            )
            self.assertNotIn("wx_http", response.text)

    def test_wrong_address(self):
        with self.settings(token=TOKEN, allowed_ips="10.0.0.0/8"):
            response = self.get({"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.text.strip(), "address not allowed")

    def test_post_is_refused(self):
        with self.settings(token=TOKEN):
            response = self.url_open(
                "/metrics",
                data={"x": "1"},
                headers={"Authorization": f"Bearer {TOKEN}"},
            )
        self.assertEqual(response.status_code, 405)

    def test_scrape_with_the_token_from_an_allowed_address(self):
        # an H5 request with a bad signature: timed as h5, 4xx
        self.url_open("/fb/1/1/1/bad-signature")
        with self.settings(token=TOKEN, allowed_ips="127.0.0.1, ::1"):
            response = self.get({"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        )
        got = scrape_samples(response.text)
        h5 = (("route_group", "h5"), ("status_class", "4xx"))
        self.assertGreaterEqual(got[("wx_http_request_duration_seconds_count", h5)], 1)
        self.assertEqual(got[("wx_metrics_database_up", ())], 1)
        names = {name for name, _labels in got}
        self.assertIn("wx_cron_lag_seconds", names)
        self.assertIn("# TYPE wx_sla_lines gauge", response.text)
        self.assertIn("# TYPE wx_push_outbox_oldest_age_seconds gauge", response.text)


@tagged("post_install", "-at_install")
class TestMetricsCounters(WxMetricsCommon):
    """Submissions, tickets and NLP analyses are counted by the addons' own
    code paths (the multiprocess sums are tested with pytest)."""

    def submit(self, description="一箱芒果有一半烂了，送货也晚了"):
        Feedback = self.env["wx.feedback"]
        values, files = Feedback._check_submission(
            {"rating": 1, "categories": ["delivery"], "description": description}, []
        )
        return Feedback._submit(self.contact_a, self.order, values, files, "h5")

    def test_submission_outcomes_and_nlp_time(self):
        created = metrics.STATE.metrics.submissions.labels("h5", "created")
        updated = metrics.STATE.metrics.submissions.labels("h5", "updated")
        nlp = metrics.STATE.metrics.nlp_duration
        before = (value(created), value(updated), nlp._sum.get())
        self.submit()
        self.submit("补充：芒果全坏了")
        self.assertEqual(value(created), before[0] + 1)
        self.assertEqual(value(updated), before[1] + 1)
        self.assertGreater(nlp._sum.get(), before[2])

    def test_failed_submission_counts_as_error(self):
        error = metrics.STATE.metrics.submissions.labels("h5", "error")
        before = value(error)
        with (
            patch.object(
                type(self.env["wx.feedback"]),
                "_wx_record_submission",
                side_effect=RuntimeError("boom"),
            ),
            self.assertRaises(RuntimeError),
        ):
            self.submit()
        self.assertEqual(value(error), before + 1)

    def test_tickets_by_team(self):
        counter = metrics.STATE.metrics.tickets.labels("Logistics (test)")
        before = value(counter)
        self.env["helpdesk.ticket"].create(
            [
                {"name": "t1", "description": "x", "team_id": self.team_logistics.id},
                {"name": "t2", "description": "y", "team_id": self.team_logistics.id},
            ]
        )
        self.assertEqual(value(counter), before + 2)
