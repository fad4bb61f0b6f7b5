# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import zipfile
from datetime import date, datetime
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import WxSlaCommon, utc

# the week under review: Monday 2026-11-16 to Sunday 2026-11-22, Asia/Shanghai
MONDAY = date(2026, 11, 16)
# Monday after it, 09:00 Asia/Shanghai: when the cron generates it
GENERATION = "2026-11-23 09:00"


def no_commit():
    """``ir.cron._commit_progress`` commits: not inside a test."""
    return patch(
        "odoo.addons.base.models.ir_cron.IrCron._commit_progress",
        return_value=float("inf"),
    )


class WxSlaReviewCommon(WxSlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Review = cls.env["wx.sla.review"]
        cls.company = cls.env.company
        # keep the demo data (dated relative to the install) out of the weeks
        # looked at here
        start, end = utc("2026-11-02 00:00"), utc("2026-12-07 00:00")
        before = utc("2026-10-01 12:00")
        for model, field in (
            ("wx.feedback", "submitted_at"),
            ("wx.sla.line", "start_at"),
        ):
            cls.env[model].sudo().search(
                [(field, ">=", start), (field, "<", end)]
            ).write({field: before})
        cls.Review.sudo().search(
            [("date_from", ">=", "2026-11-02"), ("date_from", "<", "2026-12-07")]
        ).unlink()

    @classmethod
    def feedback(
        cls, rating, codes, at="2026-11-18 10:00", urgency=False, keywords="", **values
    ):
        """Feedback submitted at local time ``at`` (Asia/Shanghai)."""
        with freeze_time(utc(at)):
            feedback = (
                cls.env["wx.feedback"]
                .with_context(wx_feedback_no_auto_reply=True)
                .create(
                    {
                        "partner_id": values.pop("partner", cls.contact_a).id,
                        "channel": "staff",
                        "rating": rating,
                        "category_ids": [
                            Command.set([cls.categories[code].id for code in codes])
                        ],
                        **values,
                    }
                )
            )
            feedback.with_context(wx_nlp_analysis=True).write(
                {"nlp_urgency": urgency, "nlp_keywords": keywords}
            )
        return feedback

    @classmethod
    def sla_lines(cls, team, local="2026-11-17 10:00"):
        with freeze_time(utc(local)):
            ticket = cls.new_ticket(team)
        return cls.line(ticket, 1), cls.line(ticket, 2)

    def generate(self, monday=MONDAY, company=None):
        with freeze_time(utc(GENERATION)):
            return self.Review._wx_generate(monday, company or self.company)


@tagged("post_install", "-at_install")
class TestReview(WxSlaReviewCommon):
    # ------------------------------------------------------------ problems

    def test_top_problems_by_count_times_severity(self):
        # delivery: 3 x severity 3 = 9; freshness: only 2, but 1 star: 2 x 5 = 10
        delivery = self.feedback(3, ["delivery"], urgency="low")
        delivery |= self.feedback(3, ["delivery"], urgency="low")
        delivery |= self.feedback(3, ["delivery"])
        freshness = self.feedback(1, ["freshness"])
        freshness |= self.feedback(1, ["freshness"], urgency="normal")
        # high urgency outweighs a 2-star rating: severity 5
        packaging = self.feedback(2, ["packaging"], urgency="high")
        # order: 4 stars without a ticket is not a problem
        self.feedback(4, ["order"])
        self.feedback(5, ["order"], urgency="high")

        review = self.generate()
        problems = review.problem_ids.filtered(lambda p: p.kind == "category")
        self.assertEqual(
            [(p.rank, p.category_id.code, p.feedback_count, p.score) for p in problems],
            [
                (1, "freshness", 2, 10.0),
                (2, "delivery", 3, 9.0),
                (3, "packaging", 1, 5.0),
            ],
        )
        self.assertEqual(problems[0].severity, 5.0)
        self.assertEqual(problems[1].severity, 3.0)
        self.assertEqual(problems[0].weight, 1.0)
        self.assertEqual(problems[0].feedback_ids, freshness)
        self.assertEqual(problems[1].feedback_ids, delivery)
        self.assertEqual(problems[2].feedback_ids, packaging)
        self.assertEqual(review.feedback_count, 6)

    def test_ticket_makes_satisfied_feedback_count(self):
        ticket = self.new_ticket()
        self.feedback(4, ["order"], urgency="normal", ticket_id=ticket.id)
        review = self.generate()
        problem = review.problem_ids.filtered(lambda p: p.kind == "category")
        self.assertEqual(problem.category_id, self.categories["order"])
        # severity max(6 - 4, normal 3) = 3
        self.assertEqual((problem.feedback_count, problem.score), (1, 3.0))

    def test_customer_weight_counts(self):
        self.feedback(3, ["delivery"])
        self.feedback(3, ["delivery"])
        self.feedback(3, ["freshness"], partner=self.customer_b)
        Feedback = type(self.env["wx.feedback"])

        def weight(feedback):
            return 3.0 if feedback.commercial_partner_id == self.customer_b else 1.0

        with patch.object(Feedback, "_wx_review_weight", weight):
            review = self.generate()
        problems = review.problem_ids.filtered(lambda p: p.kind == "category")
        # freshness: 1 x 3 x 3.0 = 9 outranks delivery: 2 x 3 x 1.0 = 6
        self.assertEqual(
            [(p.category_id.code, p.weight, p.score) for p in problems],
            [("freshness", 3.0, 9.0), ("delivery", 1.0, 6.0)],
        )

    def test_top_three_keywords(self):
        self.feedback(1, ["freshness"], keywords="草莓, 发霉")
        self.feedback(2, ["freshness"], keywords="草莓, 发霉, 草莓")
        self.feedback(3, ["delivery"], keywords="晚到, 草莓")
        self.feedback(3, ["delivery"], keywords="司机")
        self.feedback(3, ["delivery"], keywords="纸箱")
        review = self.generate()
        keywords = review.problem_ids.filtered(lambda p: p.kind == "keyword")
        # 草莓: 5 + 4 + 3 = 12 (counted once per feedback); 发霉: 9;
        # then 司机 and 纸箱 and 晚到 tie at 3: 1 feedback each, by name
        self.assertEqual(
            [(p.rank, p.keyword, p.feedback_count, p.score) for p in keywords],
            [(1, "草莓", 3, 12.0), (2, "发霉", 2, 9.0), (3, "司机", 1, 3.0)],
        )
        self.assertEqual(keywords[0].name, "草莓")

    def test_week_boundaries_in_shanghai_time(self):
        inside = self.feedback(2, ["delivery"], at="2026-11-16 00:05")
        inside |= self.feedback(2, ["delivery"], at="2026-11-22 23:55")
        # Sunday before, 23:30 local; Monday after, 00:10 local (still the
        # 22nd in UTC)
        self.feedback(2, ["delivery"], at="2026-11-15 23:30")
        self.feedback(2, ["delivery"], at="2026-11-23 00:10")
        review = self.generate(date(2026, 11, 19))  # any day of the week
        self.assertEqual(
            (review.date_from, review.date_to), (MONDAY, date(2026, 11, 22))
        )
        self.assertEqual(review.name, "2026-W47 review")
        self.assertEqual(review.problem_ids.feedback_ids, inside)

    def test_previous_week_in_shanghai_time(self):
        # Sunday 23:30 and Monday 00:30 local
        self.assertEqual(
            self.Review._wx_previous_week(utc("2026-11-22 23:30")), date(2026, 11, 9)
        )
        self.assertEqual(self.Review._wx_previous_week(utc("2026-11-23 00:30")), MONDAY)

    def test_other_company_feedback_is_left_out(self):
        other = self.env["res.company"].create({"name": "万象鲜果（深圳）"})
        self.feedback(1, ["freshness"], company_id=other.id)
        review = self.generate()
        self.assertFalse(review.problem_ids)
        self.assertEqual(self.generate(company=other).problem_ids.feedback_count, 1)

    # ------------------------------------------------------------ SLA figures

    def test_attainment_per_team_and_level(self):
        ack1, sol1 = self.sla_lines(self.team_logistics)
        ack2, _sol2 = self.sla_lines(self.team_logistics, "2026-11-22 17:00")
        ack3, _sol3 = self.sla_lines(self.team_logistics, "2026-11-20 09:00")
        pack, psol = self.sla_lines(self.team_purchasing)
        # started the week after: left out
        self.sla_lines(self.team_logistics, "2026-11-23 08:00")
        (ack1 | pack | psol).write({"state": "met"})
        (ack2 | ack3 | sol1).write({"state": "breached"})
        review = self.generate()
        rows = [
            (
                r.team_id,
                r.level,
                r.target_name,
                r.total,
                r.met,
                r.breached,
                r.open_count,
            )
            for r in review.attainment_ids
        ]
        logistics, purchasing = self.team_logistics, self.team_purchasing
        self.assertEqual(
            rows,
            [
                (logistics, 1, "Acknowledge", 3, 1, 2, 0),
                (logistics, 2, "Solution", 3, 0, 1, 2),
                (purchasing, 1, "Acknowledge", 1, 1, 0, 0),
                (purchasing, 2, "Solution", 1, 1, 0, 0),
            ],
        )
        self.assertAlmostEqual(review.attainment_ids[0].rate, 1 / 3)
        self.assertEqual(review.attainment_ids[1].rate, 0.0)
        self.assertEqual(review.attainment_ids[2].rate, 1.0)
        self.assertEqual(review.attainment_total, 8)
        self.assertAlmostEqual(review.attainment_rate, 3 / 6)

    def test_worst_five_breaches(self):
        overruns = {}
        for index, consumed in enumerate((20, 16, 60, 45, 30, 17)):
            ack, _sol = self.sla_lines(self.team_logistics)
            ack.write(
                {
                    "state": "breached",
                    "reached_at": utc("2026-11-17 11:00"),
                    "consumed_minutes": consumed,
                }
            )
            overruns[ack] = consumed - 15
            if index == 0:
                met = ack
        met.state = "met"
        del overruns[met]
        # breached and still open: 2 days since the deadline at generation
        ack, _sol = self.sla_lines(self.team_purchasing, "2026-11-20 10:00")
        ack.write({"state": "breached", "deadline": utc("2026-11-21 09:00")})
        review = self.generate()
        self.assertEqual(len(review.worst_line_ids), 5)
        self.assertNotIn(met, review.worst_line_ids)
        worst = review._wx_worst_lines_sorted()
        self.assertEqual(worst[0], ack)
        with freeze_time(utc(GENERATION)):
            self.assertEqual(review._wx_overrun(ack), 48 * 60)
        self.assertEqual(
            [review._wx_overrun(x) for x in worst[1:]], [45.0, 30.0, 15.0, 2.0]
        )
        self.assertNotIn(
            min(overruns, key=overruns.get), review.worst_line_ids, "1 minute over"
        )

    # ------------------------------------------------------------ actions

    def test_open_actions_carry_over(self):
        previous = self.generate(date(2026, 11, 9))
        previous.action_ids = [
            Command.create(
                {
                    "name": "冷链车加装温度记录仪",
                    "user_id": self.user_logistics.id,
                    "date_deadline": "2026-11-20",
                    "note": "物流部",
                }
            ),
            Command.create(
                {
                    "name": "Call the grower",
                    "user_id": self.user_purchasing.id,
                    "date_deadline": "2026-11-13",
                }
            ),
        ]
        still_open, finished = previous.action_ids.sorted("id")
        finished.action_mark_done()
        review = self.generate()
        self.assertEqual(len(review.action_ids), 1)
        carried = review.action_ids
        self.assertEqual(carried.carried_from_id, still_open)
        self.assertEqual(
            (carried.name, carried.user_id, carried.state, carried.note),
            ("冷链车加装温度记录仪", self.user_logistics, "open", "物流部"),
        )
        self.assertEqual(carried.date_deadline, date(2026, 11, 20))
        self.assertEqual(still_open.state, "carried")
        self.assertEqual(finished.state, "done")
        # only once: the week after carries the copy, not the original again
        carried.action_mark_done()
        self.assertFalse(self.generate(date(2026, 11, 23)).action_ids)
        # dropping the review gives the original item back
        review.unlink()
        self.assertEqual(still_open.state, "open")

    def test_generating_twice_returns_the_same_review(self):
        self.feedback(1, ["freshness"])
        review = self.generate()
        self.feedback(1, ["freshness"])
        again = self.generate(date(2026, 11, 22))
        self.assertEqual(again, review)
        self.assertEqual(self.Review.search_count([("date_from", "=", MONDAY)]), 1)
        self.assertEqual(review.problem_ids.feedback_count, 1, "a snapshot")
        review.action_refresh()
        self.assertEqual(review.problem_ids.feedback_count, 2)
        review.action_start_review()
        with self.assertRaises(UserError):
            review.action_refresh()

    def test_one_review_per_company_and_week(self):
        review = self.generate()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.Review.create(
                {
                    "name": "again",
                    "date_from": MONDAY,
                    "date_to": review.date_to,
                    "company_id": self.company.id,
                }
            )

    def test_review_workflow(self):
        review = self.generate().with_user(self.wx_sla_manager)
        review.action_ids = [Command.create({"name": "复盘草莓供应商"})]
        self.assertEqual(review.action_ids.user_id, self.wx_sla_manager)
        with self.assertRaises(UserError):
            review.action_done()
        review.action_start_review()
        self.assertEqual(review.state, "in_review")
        review.action_done()
        self.assertEqual(review.state, "done")
        with self.assertRaises(AccessError):
            review.with_user(self.wx_sla_user).action_reset_draft()

    def test_users_read_only(self):
        review = self.generate()
        as_user = review.with_user(self.wx_sla_user)
        self.assertEqual(as_user.name, review.name)
        with self.assertRaises(AccessError):
            as_user.action_ids = [Command.create({"name": "x"})]
        with self.assertRaises(AccessError):
            review.with_user(self.user_logistics).read(["name"])

    def test_wizard_generates_or_opens(self):
        wizard = Form(self.env["wx.sla.review.wizard"].with_user(self.wx_sla_manager))
        wizard.week_date = date(2026, 11, 19)
        self.assertEqual(wizard.date_from, MONDAY)
        self.assertEqual(wizard.date_to, date(2026, 11, 22))
        action = wizard.save().action_generate()
        review = self.Review.browse(action["res_id"])
        self.assertEqual((review.date_from, review.company_id), (MONDAY, self.company))
        again = self.env["wx.sla.review.wizard"].create({"week_date": "2026-11-16"})
        self.assertEqual(again.action_generate()["res_id"], review.id)

    # ------------------------------------------------------------ cron

    def test_cron_generates_last_week_and_asks_the_managers(self):
        other = self.env["res.company"].create({"name": "万象鲜果（深圳）"})
        self.env["res.lang"]._activate_lang("zh_CN")
        other.partner_id.lang = "zh_CN"
        other_manager = new_test_user(
            self.env,
            login="wx_sla-test-manager-sz",
            groups="wx_sla.group_wx_sla_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        gone = new_test_user(
            self.env, login="wx_sla-test-gone", groups="wx_sla.group_wx_sla_manager"
        )
        gone.active = False
        self.feedback(1, ["freshness"])
        with freeze_time(utc(GENERATION)), no_commit():
            self.Review._cron_generate_weekly()
            self.Review._cron_generate_weekly()  # run twice: nothing more
        review = self.Review.search([("company_id", "=", self.company.id)])
        self.assertEqual(
            (review.date_from, review.problem_ids.feedback_count), (MONDAY, 1)
        )
        activities = review.activity_ids
        users = activities.user_id
        self.assertIn(self.wx_sla_manager, users)
        self.assertIn(self.manager, users, "feedback managers are SLA managers")
        for user in (self.wx_sla_user, other_manager, gone, self.portal):
            self.assertNotIn(user, users)
        self.assertEqual(len(activities), len(users), "one each")
        expected = self.env.ref("wx_sla.group_wx_sla_manager").all_user_ids.filtered(
            lambda u: not u.share and self.company in u.company_ids
        )
        self.assertEqual(users, expected)
        self.assertEqual(
            set(activities.mapped("activity_type_id")),
            {self.env.ref("mail.mail_activity_data_todo")},
        )
        # each in its manager's language
        summaries = {
            "en_US": "Weekly SLA review",
            "zh_CN": "SLA 每周复盘",
            "es_ES": "Revisión semanal de SLA",
        }
        for activity in activities:
            self.assertEqual(activity.summary, summaries[activity.user_id.lang])
        self.assertIn("Weekly SLA review", activities.mapped("summary"))
        self.assertEqual(set(activities.mapped("date_deadline")), {date(2026, 11, 23)})
        other_review = self.Review.search([("company_id", "=", other.id)])
        self.assertEqual(other_review.activity_ids.user_id, other_manager)
        # named in its company's language, the to-do in its manager's
        self.assertEqual(review.name, "2026-W47 review")
        self.assertEqual(other_review.name, "2026-W47 复盘")
        self.assertEqual(other_review.activity_ids.summary, "Weekly SLA review")
        # closing the review fulfils the to-dos
        review.with_user(self.wx_sla_manager).action_start_review()
        review.with_user(self.wx_sla_manager).action_done()
        self.assertFalse(review.activity_ids)

    def test_cron_runs_mondays_at_nine_shanghai_time(self):
        cron = self.env.ref("wx_sla.ir_cron_generate_weekly_review")
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "weeks"))
        self.assertEqual(
            (cron.nextcall.weekday(), cron.nextcall.hour, cron.nextcall.minute),
            (0, 1, 0),
        )
        self.assertLess(
            cron.nextcall - datetime.now(), datetime(1, 1, 9) - datetime(1, 1, 1)
        )

    # ------------------------------------------------------------ outputs

    def test_xlsx_content(self):
        self.feedback(1, ["freshness"], keywords="草莓")
        review = self.generate()
        review.action_ids = [Command.create({"name": "冷链车加装温度记录仪"})]
        content = review.with_user(self.wx_sla_user)._wx_xlsx()
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            workbook = book.read("xl/workbook.xml").decode()
            strings = book.read("xl/sharedStrings.xml").decode()
        for sheet in ("Problems", "Attainment", "Breaches", "Actions"):
            self.assertIn(f'name="{sheet}"', workbook)
        for text in ("草莓", "冷链车加装温度记录仪", self.categories["freshness"].name):
            self.assertIn(text, strings)


@tagged("post_install", "-at_install")
class TestReviewHttp(WxSlaReviewCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.feedback(1, ["freshness"], keywords="草莓")
        # a breach on a ticket of a team the SLA user is not in
        cls.breach, _sol = cls.sla_lines(cls.team_logistics, "2026-11-18 10:00")
        cls.breach.write(
            {
                "state": "breached",
                "reached_at": utc("2026-11-18 11:00"),
                "consumed_minutes": 60,
            }
        )
        with freeze_time(utc(GENERATION)):
            cls.review = cls.Review._wx_generate(MONDAY, cls.company)
        cls.url = f"/wx_sla/review/{cls.review.id}/xlsx"

    def get(self, login, url=None):
        if login:
            self.authenticate(login, login)
        return self.url_open(url or self.url, allow_redirects=False)

    def test_manager_downloads_the_workbook(self):
        response = self.get("wx_sla-test-manager")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn("2026-W47", response.headers["Content-Disposition"])
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            self.assertIn('name="Problems"', book.read("xl/workbook.xml").decode())
            self.assertIn("草莓", book.read("xl/sharedStrings.xml").decode())
        action = self.review.action_export_xlsx()
        self.assertEqual(action["url"], self.url)

    def test_sla_user_may_read_it(self):
        self.assertFalse(
            self.breach.ticket_id.with_user(self.wx_sla_user).has_access("read")
        )
        response = self.get("wx_sla-test-user")
        self.assertEqual(response.status_code, 200)
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            strings = book.read("xl/sharedStrings.xml").decode()
        self.assertIn(self.breach.ticket_id.sudo().display_name, strings)

    def test_others_get_not_found(self):
        for login in ("wx-test-logistics", "wx-test-portal", "wx-test-internal"):
            with self.subTest(login=login):
                self.assertEqual(self.get(login).status_code, 404)

    def test_missing_or_other_company_review_is_not_found(self):
        self.authenticate("wx_sla-test-manager", "wx_sla-test-manager")
        self.assertEqual(self.get(None, "/wx_sla/review/0/xlsx").status_code, 404)
        self.assertEqual(
            self.get(None, "/wx_sla/review/99999999999/xlsx").status_code, 404
        )
        other = self.env["res.company"].create({"name": "万象鲜果（深圳）"})
        review = self.Review._wx_generate(MONDAY, other)
        self.assertEqual(
            self.get(None, f"/wx_sla/review/{review.id}/xlsx").status_code, 404
        )

    def test_anonymous_is_sent_to_login(self):
        response = self.get(None)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_pdf_report(self):
        ack, _sol = self.sla_lines(self.team_logistics)
        ack.write({"state": "breached", "reached_at": utc("2026-11-17 11:00")})
        review = self.review
        with freeze_time(utc(GENERATION)):
            review.action_refresh()
        self.assertEqual(review.worst_line_ids, ack | self.breach)
        review.action_ids = [Command.create({"name": "冷链车加装温度记录仪"})]
        Report = self.env["ir.actions.report"].with_user(self.wx_sla_user)
        html, _type = Report._render_qweb_html(
            "wx_sla.wx_sla_review_report_action", review.ids
        )
        html = html.decode()
        for text in ("2026-W47 review", "草莓", "冷链车加装温度记录仪", "Acknowledge"):
            self.assertIn(text, html)
        # wkhtmltopdf fetches the report assets from the test server
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        pdf, report_type = Report.with_context(
            force_report_rendering=True
        )._render_qweb_pdf("wx_sla.wx_sla_review_report_action", review.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertIn(b"CJK", pdf, "Chinese text is set in a CJK font")
