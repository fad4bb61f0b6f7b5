# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

RISK_LEVELS = [("low", "Low"), ("medium", "Medium"), ("high", "High")]


class WxDeliveryRiskMixin(models.AbstractModel):
    """The delay risk of a document's open delivery (sale orders, pickings):
    the highest scored open ``wx.delivery.record`` linked to it through
    ``_wx_delivery_record_field``; nothing once delivered. One read for the
    whole recordset."""

    _name = "wx.delivery.risk.mixin"
    _description = "Delivery Risk on a Document"

    # the wx.delivery.record field pointing to the document, and what the
    # risk depends on in the document (set by each model using the mixin)
    _wx_delivery_record_field = None
    _wx_delay_risk_depends = ()

    wx_delay_risk = fields.Float(
        string="Delay Risk",
        compute="_compute_wx_delay_risk",
        digits=(3, 2),
        groups="wx_delivery.group_wx_delivery_user",
    )
    wx_delay_risk_level = fields.Selection(
        RISK_LEVELS,
        string="Delay Risk Level",
        compute="_compute_wx_delay_risk",
        groups="wx_delivery.group_wx_delivery_user",
    )
    wx_delay_risk_reasons = fields.Text(
        string="Delay Risk Reasons",
        compute="_compute_wx_delay_risk",
        groups="wx_delivery.group_wx_delivery_user",
    )

    @api.depends(lambda self: self._wx_delay_risk_depends)
    def _compute_wx_delay_risk(self):
        link = self._wx_delivery_record_field
        ids = [doc_id for doc_id in self._origin.ids if doc_id]
        top = {}
        if link and ids:
            for record in (
                self.env["wx.delivery.record"]
                .sudo()
                .search_fetch(
                    [
                        (link, "in", ids),
                        ("risk_level", "!=", False),
                        ("delivered_at", "=", False),
                    ],
                    [link, "risk_score", "risk_level", "risk_reasons"],
                )
            ):
                key = record[link].id
                if key not in top or record.risk_score > top[key].risk_score:
                    top[key] = record
        for document in self:
            record = top.get(document._origin.id)
            document.wx_delay_risk = record.risk_score if record else 0.0
            document.wx_delay_risk_level = record.risk_level if record else False
            document.wx_delay_risk_reasons = record.risk_reasons if record else False
