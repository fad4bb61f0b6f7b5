# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Weather per region and day: entered or imported by staff, filled by a
forecast provider; delivery records, scores, reasons and the exported
history take it."""

import json
import threading
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlparse

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..tools.timeutil import local_to_utc, today_local
from .common import WxDeliveryCommon, activate_model

REGION = "广东省/深圳市"


class _FakeProvider(BaseHTTPRequestHandler):
    """A forecast provider on 127.0.0.1: answers ``payload`` (or ``status``)."""

    payload: ClassVar[list] = []
    status = 200
    asked: ClassVar[list] = []

    def do_GET(self):
        type(self).asked.append(parse_qs(urlparse(self.path).query))
        body = json.dumps(self.payload).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestWeather(WxDeliveryCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Weather = cls.env["wx.delivery.weather"]
        cls.Record = cls.env["wx.delivery.record"]
        # the demo's forecast of this region: these tests bring their own
        cls.Weather.search([("region", "=", REGION)]).unlink()

    def _open_record(self, local_day=None):
        local_day = local_day or today_local() + timedelta(days=2)
        order = self._order(
            commitment=local_to_utc(datetime.combine(local_day, datetime.min.time()))
            + timedelta(hours=10)
        )
        return self.Record.search([("order_id", "=", order.id)]), local_day

    def test_staff_enter_and_import_weather(self):
        Weather = self.Weather.with_user(self.logistics)
        entered = Weather.create(
            {"region": REGION, "date": date(2026, 7, 1), "rain_mm": 12.5}
        )
        self.assertEqual(entered.source, "manual")
        result = Weather.load(
            ["region", "date", "temperature_c", "rain_mm"],
            [
                [REGION, "2026-07-02", "31.5", "48"],
                ["福建省/福州市", "2026-07-02", "29", "0"],
            ],
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 2)
        with self.assertRaises(ValidationError):
            Weather.create({"region": REGION, "date": date(2026, 7, 3), "rain_mm": -1})
        with self.assertRaises(AccessError):
            self.Weather.with_user(self.internal).search([])

    def test_forecast_fills_open_deliveries_and_reasons(self):
        record, day = self._open_record()
        self.assertEqual(record.region, REGION)
        self.Weather.create(
            {"region": REGION, "date": day, "temperature_c": 27.0, "rain_mm": 60.0}
        )
        rows = self.Record._wx_history_rows(self.env.company, ids=record.ids)
        self.assertEqual((rows[0]["temperature_c"], rows[0]["rain_mm"]), (27.0, 60.0))
        self.assertEqual(record.rain_mm, 60.0)
        # a newer forecast replaces it while the delivery is open
        self.Weather.search([("region", "=", REGION), ("date", "=", day)]).rain_mm = 3
        self.Record._wx_fill_weather(self.env.company)
        self.assertEqual(record.rain_mm, 3.0)
        # the words of the reasons
        self.assertEqual(
            self.Record._wx_reason_text("rain", {"mm": 60.0}),
            "heavy rain forecast (60 mm)",
        )
        self.assertEqual(
            self.Record._wx_reason_text("temperature", {"celsius": 36.2}),
            "heat forecast 36 °C",
        )
        self.assertEqual(
            self.Record._wx_reason_text("rain", {"mm": None}),
            "no weather forecast for this day",
        )

    def test_heavy_rain_raises_the_risk_and_is_a_reason(self):
        activate_model(
            self.env, self.env.company, self.carrier.name, self.warehouse.name
        )
        dry, day = self._open_record()
        wet, _day = self._open_record(day + timedelta(days=1))
        self.Weather.create(
            [
                {"region": REGION, "date": day, "temperature_c": 20, "rain_mm": 0},
                {
                    "region": REGION,
                    "date": day + timedelta(days=1),
                    "temperature_c": 20,
                    "rain_mm": 80,
                },
            ]
        )
        self.Record._wx_score_open(self.env.company, ids=(dry | wet).ids)
        # (the calibration may be a step curve: equal scores are possible)
        self.assertGreaterEqual(wet.risk_score, dry.risk_score)
        # the rain raises the wet day's log-odds (a reason), not the dry one's
        self.assertIn("heavy rain forecast (80 mm)", wet.risk_reasons)
        self.assertNotIn("rain forecast", dry.risk_reasons or "")

    def test_reasons_in_the_company_language(self):
        """Staff read the reasons in the company's language, whoever scored
        (the cron's user writes English)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["wx_delivery"], ["zh_CN"])
        self.env.company.partner_id.lang = "zh_CN"
        activate_model(
            self.env, self.env.company, self.carrier.name, self.warehouse.name
        )
        record, day = self._open_record()
        self.Weather.create(
            {"region": REGION, "date": day, "temperature_c": 20, "rain_mm": 80}
        )
        self.Record.with_context(lang="en_US")._wx_score_open(
            self.env.company, ids=record.ids
        )
        self.assertIn("预报暴雨（80 毫米）", record.risk_reasons)

    def test_delivered_rows_keep_their_own_weather(self):
        record, day = self._open_record()
        record.sudo().write({"temperature_c": 18.0, "rain_mm": 1.0})
        self._deliver(record.picking_id, datetime.now())
        self.Weather.create(
            {"region": REGION, "date": day, "temperature_c": 30, "rain_mm": 30}
        )
        self.Record._wx_fill_weather(self.env.company)
        self.assertEqual((record.temperature_c, record.rain_mm), (18.0, 1.0))

    def test_company_weather_before_the_shared_one(self):
        record, day = self._open_record()
        self.Weather.create(
            [
                {"region": REGION, "date": day, "rain_mm": 5.0},
                {
                    "region": REGION,
                    "date": day,
                    "rain_mm": 40.0,
                    "company_id": self.env.company.id,
                },
            ]
        )
        self.Record._wx_fill_weather(self.env.company)
        self.assertEqual(record.rain_mm, 40.0)

    def test_provider_hook(self):
        # offline without a configured provider
        self.assertEqual(self.Weather._cron_fetch_forecast(), 0)
        _record, day = self._open_record()
        server = HTTPServer(("127.0.0.1", 0), _FakeProvider)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        self.env["ir.config_parameter"].sudo().set_param(
            "wx_delivery.weather_url",
            f"http://127.0.0.1:{server.server_address[1]}/forecast",
        )
        _FakeProvider.payload = [
            {
                "region": REGION,
                "date": day.isoformat(),
                "temperature_c": 26,
                "rain_mm": 33,
            },
            {"region": REGION, "date": "not a date", "temperature_c": 1, "rain_mm": 1},
            {"region": REGION, "date": day.isoformat(), "rain_mm": -5},
        ]
        _FakeProvider.status = 200
        _FakeProvider.asked = []
        self.assertEqual(self.Weather._cron_fetch_forecast(), 1)
        self.assertIn(REGION, _FakeProvider.asked[0]["regions"][0].split(","))
        stored = self.Weather.search([("region", "=", REGION), ("date", "=", day)])
        self.assertEqual((stored.rain_mm, stored.source), (33.0, "provider"))
        # again: updated, not duplicated
        _FakeProvider.payload[0]["rain_mm"] = 2
        self.Weather._cron_fetch_forecast()
        self.assertEqual(stored.rain_mm, 2.0)
        # an outage waits for the next night
        _FakeProvider.status = 503
        with self.assertLogs(
            "odoo.addons.wx_delivery.models.wx_delivery_weather", "WARNING"
        ):
            self.assertEqual(self.Weather._cron_fetch_forecast(), 0)
