# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AuditlogLogLineView(models.Model):
    _inherit = "auditlog.log.line.view"

    def _select_query(self):
        # the chain columns this addon adds to auditlog.log.line
        return f"{super()._select_query()}, alogl.wx_chain_seq, alogl.wx_chain_hash"
