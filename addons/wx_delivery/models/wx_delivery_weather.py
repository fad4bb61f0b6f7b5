# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import date, timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.timeutil import TZ, today_local

_logger = logging.getLogger(__name__)
# how many days ahead the provider is asked for
FORECAST_DAYS = 3


class WxDeliveryWeather(models.Model):
    """The weather of one region on one (local) day: the forecast for open
    deliveries, the observation for past ones. Staff type it or import it
    (CSV: region, date, temperature, rain), a forecast provider can fill it
    (:meth:`_wx_provider_forecast`, the nightly cron). A delivery record
    takes the weather of its region on its promised day
    (``wx.delivery.record._wx_fill_weather``): the risk model's
    temperature / rain features and the "heavy rain forecast" reasons come
    from here."""

    _name = "wx.delivery.weather"
    _description = "Delivery Weather"
    _order = "date desc, region"
    _rec_name = "region"

    region = fields.Char(
        required=True,
        index=True,
        help='"Province/city" as on the delivery records, e.g. 广东省/深圳市.',
    )
    date = fields.Date(required=True, index=True)
    temperature_c = fields.Float(string="Temperature (°C)")
    rain_mm = fields.Float(string="Rain (mm)")
    source = fields.Selection(
        [("manual", "Entered"), ("provider", "Forecast Provider")],
        required=True,
        default="manual",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: the weather of the region for every company.",
    )

    _region_day_unique = models.UniqueIndex(
        "(region, date, COALESCE(company_id, 0))",
        "A region has one weather per day (and company).",
    )

    @api.constrains("rain_mm", "temperature_c")
    def _check_values(self):
        for weather in self:
            if weather.rain_mm < 0 or weather.rain_mm > 1000:
                raise ValidationError(self.env._("Rain is between 0 and 1000 mm."))
            if not -60 <= weather.temperature_c <= 60:
                raise ValidationError(
                    self.env._("Temperature is between -60 and 60 °C.")
                )

    # -- provider --------------------------------------------------------------

    @api.model
    def _wx_provider_forecast(self, regions, first, last):
        """The forecast of ``regions`` for the local days ``first``..``last``
        from the configured provider: ``[{"region", "date", "temperature_c",
        "rain_mm"}]``. The provider is a JSON endpoint set by an administrator
        (system parameter ``wx_delivery.weather_url``), called with the
        regions and days and a timeout; without it, nothing (offline, as in
        tests). Override to plug another provider."""
        url = (
            self.env["ir.config_parameter"].sudo().get_param("wx_delivery.weather_url")
        )
        if not url or not regions:
            return []
        import requests

        response = requests.get(
            url,
            params={
                "regions": ",".join(sorted(regions)),
                "from": first.isoformat(),
                "to": last.isoformat(),
            },
            timeout=10,
        )
        response.raise_for_status()
        data = response.json()
        return data if isinstance(data, list) else []

    @api.model
    def _wx_store_forecast(self, entries):
        """Create or update the provider's entries (company-wide rows);
        malformed entries are skipped. Returns how many were stored."""
        stored = 0
        for entry in entries:
            try:
                region = str(entry["region"]).strip()
                day = date.fromisoformat(str(entry["date"]))
                temperature = float(entry["temperature_c"])
                rain = float(entry["rain_mm"])
            except (KeyError, TypeError, ValueError):
                continue
            if not region or not -60 <= temperature <= 60 or not 0 <= rain <= 1000:
                continue
            values = {"temperature_c": temperature, "rain_mm": rain}
            existing = self.search(
                [
                    ("region", "=", region),
                    ("date", "=", day),
                    ("company_id", "=", False),
                ],
                limit=1,
            )
            if existing:
                existing.write(dict(values, source="provider"))
            else:
                self.create(dict(values, region=region, date=day, source="provider"))
            stored += 1
        return stored

    @api.model
    def _cron_fetch_forecast(self):
        """The forecast of the next days for the regions of open deliveries."""
        self.env.flush_all()
        regions = {
            region
            for (region,) in self.env.execute_query(
                SQL(
                    """SELECT DISTINCT region FROM wx_delivery_record
                        WHERE delivered_at IS NULL AND region IS NOT NULL"""
                )
            )
        }
        first = today_local(TZ)
        try:
            entries = self._wx_provider_forecast(
                regions, first, first + timedelta(days=FORECAST_DAYS)
            )
        except (OSError, ValueError) as error:  # requests' errors included
            _logger.warning("delivery weather: the forecast provider failed: %s", error)
            return 0
        return self.sudo()._wx_store_forecast(entries)
