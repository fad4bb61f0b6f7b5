# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Gauges read from the database at scrape time (no ``odoo`` import).

Multiprocess mode forbids custom collectors in the processes that *write*
values, but the registry built for one scrape may hold any collector: these
figures are facts of the database (SLA lines, the outbox, the crons), the
same whichever worker answers, so they are computed per scrape instead of
being pushed by each process.
"""

from dataclasses import dataclass, field


@dataclass
class Snapshot:
    """Rows read by the controller. ``sla``: (team, state, count) with state
    ``at_risk`` or ``breached``; ``outbox``: (channel, state, count,
    oldest age in seconds); ``crons``: (job, lag in seconds)."""

    sla: list = field(default_factory=list)
    outbox: list = field(default_factory=list)
    crons: list = field(default_factory=list)
    database_up: bool = True


OUTBOX_PENDING = ("queued", "sending", "failed")


class DatabaseCollector:
    def __init__(self, snapshot):
        self.snapshot = snapshot

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        snap = self.snapshot
        up = GaugeMetricFamily(
            "wx_metrics_database_up",
            "1 when the database figures of this scrape could be read.",
        )
        up.add_metric([], 1.0 if snap.database_up else 0.0)
        yield up
        sla = GaugeMetricFamily(
            "wx_sla_lines",
            "SLA lines at risk (running, under a fifth of the target left) and"
            " breached (breached, or running past the deadline), by team.",
            labels=["team", "state"],
        )
        for team, state, count in snap.sla:
            sla.add_metric([team or "none", state], float(count))
        yield sla
        depth = GaugeMetricFamily(
            "wx_push_outbox_messages",
            "Outbound messages (wx.push.message) not sent yet or dead, by"
            " channel and state.",
            labels=["channel", "state"],
        )
        age = GaugeMetricFamily(
            "wx_push_outbox_oldest_age_seconds",
            "Age of the oldest outbound message still to send (queued, sending"
            " or failed), by channel.",
            labels=["channel"],
        )
        oldest = {}
        for channel, state, count, seconds in snap.outbox:
            depth.add_metric([channel, state], float(count))
            if state in OUTBOX_PENDING:
                oldest[channel] = max(oldest.get(channel, 0.0), float(seconds or 0))
        for channel, seconds in sorted(oldest.items()):
            age.add_metric([channel], seconds)
        yield depth
        yield age
        lag = GaugeMetricFamily(
            "wx_cron_lag_seconds",
            "How late each active scheduled action is (now - next call, 0 when"
            " on time), by job.",
            labels=["job"],
        )
        for job, seconds in snap.crons:
            lag.add_metric([job], max(0.0, float(seconds or 0)))
        yield lag
