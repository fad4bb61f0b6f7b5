# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""``GET /metrics``: Prometheus text format, behind a bearer token and/or an
IP allow-list from the ``[wx_metrics]`` section of the Odoo configuration
(README "Metrics"); refused to everyone when neither is set."""

import logging

from odoo import http
from odoo.http import request
from odoo.tools import SQL

from .. import hooks
from ..tools import access, gauges, metrics

_logger = logging.getLogger(__name__)

SLA_QUERY = """
SELECT team, kind, count(*) FROM (
    SELECT COALESCE(t.name->>'en_US', 'none') AS team,
           CASE WHEN l.state = 'breached' OR l.deadline <= %(now)s THEN 'breached'
                WHEN l.deadline <= %(now)s + make_interval(mins => l.minutes) * 0.2
                THEN 'at_risk' END AS kind
      FROM wx_sla_line l
      LEFT JOIN helpdesk_ticket_team t ON t.id = l.team_id
     WHERE l.state = 'breached' OR (l.state = 'running' AND l.deadline IS NOT NULL)
) s WHERE kind IS NOT NULL GROUP BY team, kind ORDER BY team, kind
"""
OUTBOX_QUERY = """
SELECT channel, state, count(*),
       EXTRACT(EPOCH FROM %(now)s - min(create_date))
  FROM wx_push_message
 WHERE state IN ('queued', 'sending', 'failed', 'dead')
 GROUP BY channel, state ORDER BY channel, state
"""
CRON_QUERY = """
SELECT DISTINCT ON (c.id) COALESCE(d.module || '.' || d.name, 'ir_cron_' || c.id),
       EXTRACT(EPOCH FROM %(now)s - c.nextcall)
  FROM ir_cron c
  LEFT JOIN ir_model_data d ON d.model = 'ir.cron' AND d.res_id = c.id
 WHERE c.active
 ORDER BY c.id, d.id
"""


def _text(body, status, headers=()):
    return request.make_response(
        body + "\n",
        [("Content-Type", "text/plain; charset=utf-8"), *headers],
        status=status,
    )


class WxMetricsController(http.Controller):
    @http.route(
        "/metrics",
        type="http",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
        readonly=True,
    )
    def wx_metrics(self, **_kw):
        conf = hooks.read_settings()
        token = conf["token"].strip()
        try:
            networks = access.parse_networks(conf["allowed_ips"])
        except ValueError:
            _logger.error("wx_metrics: allowed_ips is not a list of IP networks")
            return _text("metrics are closed: allowed_ips is invalid", 403)
        httprequest = request.httprequest
        verdict = access.check(
            token,
            networks,
            httprequest.headers.get("Authorization"),
            httprequest.remote_addr,
        )
        if verdict.status != access.OK:
            headers = (
                [("WWW-Authenticate", 'Bearer realm="metrics"')]
                if verdict.status == access.UNAUTHORIZED
                else []
            )
            return _text(verdict.reason, verdict.status, headers)
        if not metrics.STATE.enabled:
            return _text(
                "wx_metrics is installed but not loaded as a server-wide module"
                " (server_wide_modules = base,web,wx_metrics)",
                503,
            )
        body, content_type = metrics.render(
            httprequest.headers.get("Accept"),
            metrics.STATE.directory,
            [gauges.DatabaseCollector(self._wx_snapshot())],
        )
        return request.make_response(
            body, [("Content-Type", content_type), ("Cache-Control", "no-store")]
        )

    def _wx_snapshot(self):
        cr = request.env.cr
        snapshot = gauges.Snapshot()
        try:
            cr.execute(SQL("SELECT now() AT TIME ZONE 'UTC'"))
            now = cr.fetchone()[0]
            for name, query in (
                ("sla", SLA_QUERY),
                ("outbox", OUTBOX_QUERY),
                ("crons", CRON_QUERY),
            ):
                cr.execute(SQL(query, now=now))
                setattr(snapshot, name, cr.fetchall())
        except Exception:  # a scrape reports the database as down, never a 500
            _logger.exception("wx_metrics: reading the database figures failed")
            snapshot = gauges.Snapshot(database_up=False)
        return snapshot
