# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.1.0: the VIP team becomes a company setting.

``wx_churn.vip_team_id`` (one team for every company) becomes the VIP team of
the team's company (of every company without one when the team is shared);
the parameter is removed once moved.
"""

from odoo import SUPERUSER_ID, api

TEAM_PARAM = "wx_churn.vip_team_id"


def migrate_vip_team(env):
    """Move the system parameter to the company field; idempotent."""
    params = env["ir.config_parameter"].sudo()
    value = params.get_param(TEAM_PARAM)
    team_id = int(value) if (value or "").isdigit() else 0
    team = env["helpdesk.ticket.team"].sudo().browse(team_id).exists()
    if team:
        companies = team.company_id or env["res.company"].sudo().search([])
        companies.filtered(lambda c: not c.wx_vip_team_id).write(
            {"wx_vip_team_id": team.id}
        )
    params.search([("key", "=", TEAM_PARAM)]).unlink()
    env.flush_all()


def migrate(cr, version):
    if version:
        migrate_vip_team(api.Environment(cr, SUPERUSER_ID, {}))
