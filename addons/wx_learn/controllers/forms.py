# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The variant switches (``wx_ab``) of the two feedback forms.

Both pages keep wx_feedback's templates; this only adds the switches of the
order's variant to what they render (see ``views/form_templates.xml``)."""

from odoo.http import request

from odoo.addons.wx_feedback.controllers.h5 import FeedbackH5
from odoo.addons.wx_feedback.controllers.portal import FeedbackPortal


class LearnFeedbackH5(FeedbackH5):
    def _render(self, template, values, status=200):
        if template == "h5_page" and not values.get("done"):
            values = values | {
                "wx_ab": request.env["wx.learn.experiment"]._wx_form_values(
                    values["order"], values["partner"], "h5"
                )
            }
        return super()._render(template, values, status=status)


class LearnFeedbackPortal(FeedbackPortal):
    def _render_rating_form(self, order, data=None, errors=None, status=200):
        response = super()._render_rating_form(order, data, errors, status)
        response.qcontext["wx_ab"] = request.env["wx.learn.experiment"]._wx_form_values(
            order, request.env.user.partner_id, "order_page"
        )
        return response
