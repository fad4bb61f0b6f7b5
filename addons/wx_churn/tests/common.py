# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon


def tier_changes(env, partner, changes, company=None):
    """Tier history rows of ``partner`` (computed changes): ``changes`` are
    ``(UTC datetime, from tier, to tier)``, an empty tier for none."""
    return (
        env["wx.churn.tier.history"]
        .sudo()
        .create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": (company or env.company).id,
                    "date": date,
                    "from_tier_id": old.id,
                    "to_tier_id": new.id,
                    "reason": "computed",
                }
                for date, old, new in changes
            ]
        )
    )


class WxChurnCommon(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wx_churn_manager = new_test_user(
            cls.env,
            login="wx_churn-test-manager",
            groups="wx_churn.group_wx_churn_manager",
        )
        # account managers: salespeople with the churn user group
        cls.account_manager = new_test_user(
            cls.env,
            login="wx_churn-test-am",
            groups="wx_churn.group_wx_churn_user,sales_team.group_sale_salesman",
        )
        cls.account_manager_2 = new_test_user(
            cls.env,
            login="wx_churn-test-am2",
            groups="wx_churn.group_wx_churn_user,sales_team.group_sale_salesman",
        )
        cls.tier_standard = cls.env.ref("wx_churn.wx_churn_tier_standard")
        cls.tier_key = cls.env.ref("wx_churn.wx_churn_tier_key")
        cls.tier_vip = cls.env.ref("wx_churn.wx_churn_tier_vip")
        cls.customer_a.user_id = cls.account_manager
        cls.customer_b.user_id = cls.account_manager_2
        cls.customer_a.email = "purchase@yonghui.example.com"
        cls.contact_a.email = "zhou@yonghui.example.com"
        cls.contact_a.lang = "zh_CN"
        cls.service = cls.env["product.product"].create(
            {"name": "冷链配送服务 (test)", "type": "service", "list_price": 100.0}
        )
        cls.team_vip = cls.env["helpdesk.ticket.team"].create({"name": "VIP (test)"})
        cls.env.company.wx_vip_team_id = cls.team_vip
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("wx_churn.vip_hotline", "400-820-6688")
        params.set_param("wx_churn.streak_length", 3)
        params.set_param("wx_churn.cooldown_days", 30)
        params.set_param("wx_churn.default_user_id", 0)
        params.set_param("wx_churn.coupon_program_id", 0)

    @classmethod
    def confirmed_order(cls, customer, amount, date=None, company=None):
        """A confirmed order of ``customer`` of ``amount`` untaxed (a service
        line, no tax), dated ``date`` (default: now), in ``company`` (default:
        the current one)."""
        Order = cls.env["sale.order"].with_company(company or cls.env.company)
        order = Order.create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.service.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        if date:
            order.date_order = date
        return order.with_env(cls.env)

    @classmethod
    def recompute(cls, *partners):
        ids = [p.id for p in partners] or None
        return cls.env["res.partner"]._wx_recompute_tiers(partner_ids=ids)

    @classmethod
    def make_tier(cls, customer, amount):
        cls.confirmed_order(customer, amount)
        cls.recompute(customer)
        return customer.wx_tier_id

    def feedback(self, rating, partner=None, at=None, **values):
        """A staff-entered feedback (no order), submitted at ``at``."""
        vals = {
            "partner_id": (partner or self.contact_a).id,
            "rating": rating,
            "channel": "staff",
            **values,
        }
        if at:
            vals["submitted_at"] = at
            vals["first_submitted_at"] = at
        return (
            self.env["wx.feedback"]
            .with_context(wx_feedback_no_auto_reply=True)
            .create(vals)
        )

    def alerts(self, partner=None):
        return self.env["wx.churn.alert"].search(
            [("partner_id", "=", (partner or self.customer_a).id)]
        )

    @staticmethod
    def at(text):
        return fields.Datetime.to_datetime(text)
