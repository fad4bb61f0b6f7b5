# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter
from datetime import date, datetime, timedelta
from itertools import combinations
from unittest.mock import patch

from odoo import Command
from odoo.tools import SQL

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon

# the fixture's period (March 2026) and the previous one of the same length
PERIOD = (date(2026, 3, 1), date(2026, 3, 31))
PREVIOUS = (date(2026, 1, 29), date(2026, 2, 28))


def utc(local):
    """Naive UTC of a ``YYYY-MM-DD HH:MM`` moment in Asia/Shanghai (UTC+8)."""
    return datetime.strptime(local, "%Y-%m-%d %H:%M") - timedelta(hours=8)


class WxInsightCommon(WxFeedbackCommon):
    """A company of its own (so the demo data stays out of the figures) with
    a small hand-countable history; every figure the tests expect is
    computed by hand in the comments.

    March 2026 (the period): order O1 delivers 2 lines of Fruit and 1 of
    Vegetables (and has a line not delivered), O2 one line of Fruit:
    Fruit 3 lines / 5,000 CNY, Vegetables 1 line / 1,000 CNY, Zero 0 lines.
    Feedback F1 (2 stars, team 1) on O1 is dissatisfied and counts for Fruit
    and Vegetables; F2 (5 stars) on O2 is not; F3 (1 star, team 2) on O3 (a
    Zero line delivered in February) counts for Zero.
    Previous period: O3 (1 Zero line, 500 CNY), O4 (2 Fruit lines, 2,000 CNY)
    with F4 (3 stars, team 2, dissatisfied).

    The users (leaders of the logistics and purchasing teams, the feedback
    manager), the teams and the customer are ``WxFeedbackCommon``'s, moved
    into the company; the orders are built here because the measures need
    lines of given categories, amounts and delivery days.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company = env["res.company"].create(
            {"name": "万象洞察（测试）", "currency_id": env.company.currency_id.id}
        )
        env.user.company_ids |= cls.company
        # WxFeedbackCommon's users and teams, working in this company only:
        # the logistics and purchasing leaders, the feedback manager
        cls.leader_1 = cls.user_logistics
        cls.leader_2 = cls.user_purchasing
        cls.insight_manager = cls.manager
        for user in cls.leader_1 | cls.leader_2 | cls.insight_manager:
            user.write(
                {
                    "company_ids": [Command.set(cls.company.ids)],
                    "company_id": cls.company.id,
                }
            )
        cls.team_1 = cls.team_logistics
        cls.team_2 = cls.team_purchasing
        (cls.team_1 | cls.team_2).company_id = cls.company
        Categ = env["product.category"]
        cls.fruit = Categ.create({"name": "Fruit (insight test)"})
        cls.veg = Categ.create({"name": "Vegetables (insight test)"})
        cls.zero = Categ.create({"name": "Zero (insight test)"})
        Product = env["product.product"]
        cls.products = {
            categ: Product.create(
                {"name": f"{categ.name} item", "type": "service", "categ_id": categ.id}
            )
            for categ in (cls.fruit, cls.veg, cls.zero)
        }
        cls.fujian = env.ref("base.state_cn_FJ")
        cls.guangdong = env.ref("base.state_cn_GD")
        # WxFeedbackCommon's customer (永辉超市), in Fujian
        cls.customer = cls.customer_a
        cls.customer.write(
            {"state_id": cls.fujian.id, "country_id": env.ref("base.cn").id}
        )
        cls.tiers = env["wx.churn.tier"].search([])
        cls.vip = cls.tiers.filtered("is_vip")[:1]
        cls.other_tier = (cls.tiers - cls.vip)[:1]
        env.cr.execute(
            SQL(
                "UPDATE res_partner SET wx_tier_id = jsonb_build_object(%s, %s)"
                " WHERE id = %s",
                str(cls.company.id),
                cls.vip.id,
                cls.customer.id,
            )
        )
        f, v, z = cls.fruit, cls.veg, cls.zero
        cls.o1 = cls.order(
            "2026-03-10 09:00", [(f, 1000), (f, 1000), (v, 1000), (f, None)]
        )
        cls.o2 = cls.order("2026-03-11 09:00", [(f, 3000)])
        cls.o3 = cls.order("2026-02-20 09:00", [(z, 500)])
        cls.o4 = cls.order("2026-02-10 09:00", [(f, 1000), (f, 1000)])
        cls.f1 = cls.feedback(cls.o1, 2, "2026-03-12 10:00", cls.team_1, "staff")
        cls.f2 = cls.feedback(cls.o2, 5, "2026-03-12 11:00", cls.team_1, "h5")
        cls.f3 = cls.feedback(cls.o3, 1, "2026-03-13 10:00", cls.team_2, "api")
        cls.f4 = cls.feedback(cls.o4, 3, "2026-02-11 10:00", cls.team_2, "h5")
        cls.surveys()
        cls.sla()
        cls.keywords()
        cls.refresh()

    @classmethod
    def order(cls, delivered_at, lines):
        """A confirmed order of the customer, in the test company, whose
        lines with an amount are delivered at ``delivered_at`` (Shanghai):
        set in SQL as a delivery would (services have no picking)."""
        order = (
            cls.env["sale.order"]
            .with_company(cls.company)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.products[categ].id,
                                "product_uom_qty": 1,
                                "price_unit": amount or 10,
                                "tax_ids": [Command.clear()],
                            }
                        )
                        for categ, amount in lines
                    ],
                }
            )
        )
        order.action_confirm()
        delivered = order.order_line.filtered(lambda line: line.price_unit != 10)
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE sale_order_line SET qty_delivered = 1 WHERE id IN %s",
                tuple(delivered.ids),
            )
        )
        cls.env.cr.execute(
            SQL(
                "UPDATE sale_order SET effective_date = %s WHERE id = %s",
                utc(delivered_at),
                order.id,
            )
        )
        cls.env.invalidate_all()
        return order

    @classmethod
    def feedback(cls, order, rating, submitted_at, team, channel):
        feedback = (
            cls.env["wx.feedback"]
            .with_company(cls.company)
            .with_context(wx_feedback_no_auto_reply=True)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "order_id": order.id,
                    "company_id": cls.company.id,
                    "rating": rating,
                    "channel": channel,
                    "team_id": team.id,
                }
            )
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE wx_feedback SET submitted_at = %s, team_id = %s WHERE id = %s",
                utc(submitted_at),
                team.id,
                feedback.id,
            )
        )
        cls.env.invalidate_all()
        return feedback

    @classmethod
    def surveys(cls):
        """March, team 1: answers (NPS 10, CSAT 5) and (NPS 5, CSAT 2) and
        one unanswered: NPS 0, CSAT 50 %, response 66.67 %. February
        (team 2): one answer (9, 4): NPS 100, CSAT 100 %, response 100 %."""
        Survey = cls.env["wx.feedback.survey"]
        rows = [
            (cls.f1, "2026-03-14 10:00", "answered", 10, 5),
            (cls.f1, "2026-03-14 11:00", "answered", 5, 2),
            (cls.f2, "2026-03-14 12:00", "sent", 0, 0),
            (cls.f4, "2026-02-15 10:00", "answered", 9, 4),
        ]
        for feedback, sent_at, state, nps, csat in rows:
            Survey.create(
                {
                    "feedback_id": feedback.id,
                    "scheduled_at": utc(sent_at),
                    "sent_at": utc(sent_at),
                    "state": state,
                    "nps": nps,
                    "csat": csat,
                }
            )

    @classmethod
    def sla(cls):
        """Team 1 in March: acknowledge met in 10 of 15 minutes; solution
        breached after 150 of 120 minutes; a solution line still running.
        Team 1: acknowledge avg 10 min (target 15, 100 %), solution avg 150
        min (target 120, 0 %); SLA attainment 1 met of 2 decided = 50 %."""
        ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "洞察测试工单",
                "description": "test",
                "team_id": cls.team_1.id,
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
            }
        )
        Line = cls.env["wx.sla.line"]
        rows = [
            ("acknowledge", 15, "met", 10, True),
            ("solution", 120, "breached", 150, True),
            ("solution", 120, "running", 30, False),
        ]
        lines = Line.create(
            [
                {
                    "ticket_id": ticket.id,
                    "name": kind,
                    "level": 1 if kind == "acknowledge" else 2,
                    "kind": kind,
                    "minutes": minutes,
                    "start_at": utc("2026-03-16 09:00"),
                }
                for kind, minutes, _state, _used, _reached in rows
            ]
        )
        cls.env.flush_all()
        for line, (_kind, _minutes, state, used, reached) in zip(
            lines, rows, strict=True
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE wx_sla_line SET state = %s, consumed_minutes = %s,"
                    " reached_at = %s, start_at = %s WHERE id = %s",
                    state,
                    used,
                    utc("2026-03-16 12:00") if reached else None,
                    utc("2026-03-16 09:00"),
                    line.id,
                )
            )
        # lines the policies opened for this ticket today are not March's
        cls.env.cr.execute(
            SQL(
                "DELETE FROM wx_sla_line WHERE ticket_id = %s AND id NOT IN %s",
                ticket.id,
                tuple(lines.ids),
            )
        )
        cls.env.invalidate_all()

    @classmethod
    def keywords(cls):
        """March: 迟到 twice (F1, F3), 烂果 once (F3); February: 迟到 (F4)."""
        Keyword = cls.env["wx.nlp.keyword"]
        (cls.f1 | cls.f2 | cls.f3 | cls.f4).nlp_keyword_ids.unlink()
        for feedback, term in (
            (cls.f1, "迟到"),
            (cls.f3, "迟到"),
            (cls.f3, "烂果"),
            (cls.f4, "迟到"),
        ):
            Keyword.create({"feedback_id": feedback.id, "term": term})

    @classmethod
    def refresh(cls):
        cls.env["wx.insight.refresh"]._wx_refresh(full=True)

    @classmethod
    def dashboard(cls, user=None, **filters):
        Dashboard = cls.env["wx.insight.dashboard"]
        if user:
            Dashboard = Dashboard.with_user(user)
        return Dashboard.with_company(cls.company).create(
            {
                "period": "custom",
                "date_from": PERIOD[0],
                "date_to": PERIOD[1],
                **filters,
            }
        )

    @staticmethod
    def lines(dashboard, measure):
        return {
            line.label: line
            for line in dashboard.line_ids.filtered(lambda x: x.measure == measure)
        }

    def fact_tables(self):
        """``{table: (dimensions, sums)}`` as the refresh's builders pass
        them to ``_wx_replace_days`` (called here without running it)."""
        found = {}
        Refresh = self.env["wx.insight.refresh"]

        def record(_self, table, _days, dims, sums, _select):
            found[table] = (dims, sums)

        with patch.object(type(Refresh), "_wx_replace_days", record):
            for builder in Refresh._wx_builders():
                builder(None)
        facts = {
            model._table
            for model in self.env.registry.values()
            if "wx.insight.fact.mixin" in model._inherit_module
        }
        self.assertEqual(set(found), facts)
        return found

    def assertSummaryRows(self, company=None):
        """Every rolled-up day row and every month row of every fact table
        (of ``company``, default the fixture's) is the sum, counted here in
        Python, of the finest day rows (``rolled_up`` 0) it stands for, and
        no summary row is missing, extra or twice. Returns how many summary
        rows were checked."""
        from ..models.wx_insight_fact_mixin import ROLLUP_BITS

        company = company or self.company
        self.env.flush_all()
        checked = 0
        for table, (dims, sums) in self.fact_tables().items():
            Model = self.env[table.replace("_", ".")]
            rollable = [n for n in Model._wx_rollup_fields if n in dims]
            rows = self.env.execute_query(
                SQL(
                    "SELECT grain, rolled_up, %s FROM %s WHERE company_id = %s",
                    SQL(", ").join(SQL.identifier(c) for c in ("day", *dims, *sums)),
                    SQL.identifier(table),
                    company.id,
                )
            )
            width = 3 + len(dims)  # grain, rolled_up, day, dims
            facts = [row[2:] for row in rows if row[:2] == ("day", 0)]
            summaries = [row for row in rows if row[:2] != ("day", 0)]
            keys = Counter(row[:width] for row in summaries)
            self.assertEqual(
                max(keys.values(), default=1), 1, f"{table}: a summary row twice"
            )
            expected = {}
            for grain in ("day", "month"):
                for size in range(1 if grain == "day" else 0, len(rollable) + 1):
                    for rolled in combinations(rollable, size):
                        mask = sum(ROLLUP_BITS[n] for n in rolled)
                        for fact in facts:
                            day = fact[0] if grain == "day" else fact[0].replace(day=1)
                            kept = (
                                None if dim in rolled else value
                                for dim, value in zip(dims, fact[1:], strict=False)
                            )
                            key = (grain, mask, day, *kept)
                            total = expected.get(key, (0,) * len(sums))
                            expected[key] = tuple(
                                a + (b or 0)
                                for a, b in zip(total, fact[width - 2 :], strict=True)
                            )
            self.assertEqual(
                {
                    row[:width]: tuple(round(v or 0, 6) for v in row[width:])
                    for row in summaries
                },
                {
                    key: tuple(round(v, 6) for v in value)
                    for key, value in expected.items()
                },
                table,
            )
            checked += len(summaries)
        return checked
