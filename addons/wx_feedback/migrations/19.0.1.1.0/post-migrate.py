# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.1.0: the ticket settings become the companies' settings.

- ``wx_feedback.ticket_rating_threshold`` (the general ticket threshold) is
  now every company's *Dissatisfied at or under (stars)*, within 1-3 (a
  threshold of 4 or 5 called positive ratings unhappy; 0 meant "never");
- ``wx_feedback.default_team_id`` becomes the default team of the team's
  company (of every company when the team is shared).

The parameters are removed once moved. The per-category thresholds are gone:
"dissatisfied" has one meaning per company (README, "Dissatisfied
customers"); their column is left in place, unused.

The record rules of the wx addons are data now (``noupdate``): their XML ids
are marked so, as an install would have.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

WX_ADDONS = ("wx_feedback", "wx_nlp", "wx_sla", "wx_churn")
THRESHOLD_PARAM = "wx_feedback.ticket_rating_threshold"
TEAM_PARAM = "wx_feedback.default_team_id"
RATING_MIN, RATING_MAX = 1, 3


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def migrate_settings(env):
    """Move the two system parameters to the company fields; idempotent."""
    params = env["ir.config_parameter"].sudo()
    companies = env["res.company"].sudo().with_context(active_test=False).search([])
    threshold = _int(params.get_param(THRESHOLD_PARAM))
    if threshold is not None:
        rating = min(max(threshold, RATING_MIN), RATING_MAX)
        companies.write({"wx_dissatisfied_rating": rating})
        _logger.info(
            "Ticket threshold %s moved to the companies' dissatisfied rating %s",
            threshold,
            rating,
        )
    team_id = _int(params.get_param(TEAM_PARAM))
    team = env["helpdesk.ticket.team"].sudo().browse(team_id or []).exists()
    if team:
        targets = team.company_id or companies
        targets.filtered(lambda c: not c.wx_default_team_id).write(
            {"wx_default_team_id": team.id}
        )
    for name in (THRESHOLD_PARAM, TEAM_PARAM):
        params.search([("key", "=", name)]).unlink()
    env.flush_all()


def rules_as_data(env):
    """Mark the record rules of the wx addons ``noupdate``; idempotent."""
    env["ir.model.data"].sudo().search(
        [("model", "=", "ir.rule"), ("module", "in", WX_ADDONS)]
    ).write({"noupdate": True})


def migrate(cr, version):
    if version:
        env = api.Environment(cr, SUPERUSER_ID, {})
        migrate_settings(env)
        rules_as_data(env)
