# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api, models


class WxFeedback(models.Model):
    _inherit = "wx.feedback"

    @api.model_create_multi
    def create(self, vals_list):
        feedbacks = super().create(vals_list)
        feedbacks._wx_notify_vip_salesperson()
        return feedbacks

    def _wx_notify_vip_salesperson(self):
        """A VIP customer's feedback: a to-do on the customer for its
        salesperson (who may not read feedback: the customer they can).

        Feedback from the H5 page or the portal is created by the public
        user or the customer: the to-do is then assigned by OdooBot, not
        by them (the public user has no e-mail address, so the assignment
        mail could not be sent; a customer should not appear as its
        author)."""
        assigner = SUPERUSER_ID if self.env.user.share else self.env.uid
        for feedback in self.sudo():
            customer = feedback.partner_id.commercial_partner_id
            salesperson = customer.user_id
            company = feedback.company_id
            if (
                not salesperson
                or salesperson.share
                or company not in salesperson.company_ids
                or not customer._wx_is_vip(company)
            ):
                continue
            staff = customer.with_user(assigner).with_context(
                lang=company._wx_lang(recipient=salesperson)
            )
            staff.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=staff.env._(
                    "VIP customer feedback %(feedback)s: %(rating)s/5",
                    feedback=feedback.name,
                    rating=feedback.rating,
                ),
                user_id=salesperson.id,
            )
