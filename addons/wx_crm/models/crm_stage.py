# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    wx_winback_state = fields.Selection(
        [("open", "Open"), ("visited", "Visited")],
        string="Churn Alert State",
        help="A win-back opportunity moved to this stage puts its churn alert in"
        " this state (and the other way round). Won stages mean won back; a"
        " lost opportunity means lost.",
    )
