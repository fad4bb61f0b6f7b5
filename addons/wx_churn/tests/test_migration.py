# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.wx_feedback.tests.common import migration_script

from .common import WxChurnCommon

VERSION = "19.0.1.1.0"
VIP_XMLID = "wx_churn.helpdesk_ticket_team_vip"
OLD_DEMO_XMLID = "wx_feedback.helpdesk_ticket_team_vip_demo"


@tagged("post_install", "-at_install")
class TestVipTeamMigration(WxChurnCommon):
    """19.0.1.1.0: the VIP team of the ``wx_churn.vip_team_id`` parameter
    becomes the data record and its company's setting."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_company_b()
        cls.pre = migration_script("wx_churn", VERSION, "pre-migrate")
        cls.post = migration_script("wx_churn", VERSION, "post-migrate")
        cls.params = cls.env["ir.config_parameter"].sudo()
        cls.Data = cls.env["ir.model.data"].sudo()

    def xmlid_row(self, xmlid):
        module, name = xmlid.split(".")
        return self.Data.search([("module", "=", module), ("name", "=", name)])

    def test_the_parameter_team_becomes_its_company_vip_team(self):
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "VIP B (test)", "company_id": self.company_b.id}
        )
        self.params.set_param(self.post.TEAM_PARAM, team.id)
        self.post.migrate_vip_team(self.env)
        self.assertEqual(self.company_b.wx_vip_team_id, team)
        self.assertEqual(self.company_a.wx_vip_team_id, self.team_vip, "kept")
        self.assertFalse(self.params.get_param(self.post.TEAM_PARAM))

    def test_a_shared_team_goes_to_the_companies_without_one(self):
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "VIP shared (test)", "company_id": False}
        )
        self.params.set_param(self.post.TEAM_PARAM, team.id)
        self.post.migrate_vip_team(self.env)
        self.assertEqual(self.company_b.wx_vip_team_id, team)
        self.assertEqual(self.company_a.wx_vip_team_id, self.team_vip)

    def test_the_demo_team_in_use_adopts_the_data_xmlid(self):
        self.xmlid_row(VIP_XMLID).unlink()
        demo = self.env["helpdesk.ticket.team"].create({"name": "VIP专线 (test)"})
        self.Data.create(
            {
                "module": "wx_feedback",
                "name": "helpdesk_ticket_team_vip_demo",
                "model": "helpdesk.ticket.team",
                "res_id": demo.id,
            }
        )
        self.params.set_param("wx_churn.vip_team_id", demo.id)
        self.pre.adopt_vip_team(self.env)
        self.assertEqual(self.env.ref(VIP_XMLID), demo)
        self.assertTrue(self.xmlid_row(VIP_XMLID).noupdate)
        self.assertFalse(self.env.ref(OLD_DEMO_XMLID, raise_if_not_found=False))
        self.pre.adopt_vip_team(self.env)
        self.assertEqual(self.env.ref(VIP_XMLID), demo, "idempotent")

    def test_another_configured_team_gets_the_xmlid_too(self):
        self.xmlid_row(VIP_XMLID).unlink()
        team = self.env["helpdesk.ticket.team"].create({"name": "VIP (configured)"})
        self.params.set_param("wx_churn.vip_team_id", team.id)
        self.pre.adopt_vip_team(self.env)
        self.assertEqual(self.env.ref(VIP_XMLID), team)

    def test_a_vip_line_of_its_own_is_kept(self):
        line = self.env.ref(VIP_XMLID)
        demo = self.env["helpdesk.ticket.team"].create({"name": "VIP专线 (test)"})
        self.Data.create(
            {
                "module": "wx_feedback",
                "name": "helpdesk_ticket_team_vip_demo",
                "model": "helpdesk.ticket.team",
                "res_id": demo.id,
            }
        )
        self.pre.adopt_vip_team(self.env)
        self.assertEqual(self.env.ref(VIP_XMLID), line)
        self.assertFalse(
            self.env.ref(OLD_DEMO_XMLID, raise_if_not_found=False),
            "released: an update no longer deletes the team",
        )
        self.assertTrue(demo.exists())

    def test_tier_columns_are_company_dependent_once(self):
        self.assertTrue(self.env["res.partner"]._fields["wx_tier_id"].company_dependent)
        types = self.env.execute_query(
            SQL(
                "SELECT data_type FROM information_schema.columns"
                " WHERE table_name = 'res_partner' AND column_name IN %s",
                tuple(self.pre.TIER_COLUMNS),
            )
        )
        self.assertEqual({row[0] for row in types}, {"jsonb"})
        self.pre.company_dependent_tiers(self.env.cr)  # already done: no change


@tagged("post_install", "-at_install")
class TestTierAmountMigration(WxChurnCommon):
    """19.0.1.2.0: the clear amounts of the tier history are encrypted."""

    def test_clear_amounts_are_encrypted_and_the_column_dropped(self):
        post = migration_script("wx_churn", "19.0.1.2.0", "post-migrate")
        customer = self.env["res.partner"].create({"name": "迁移 (test)"})
        history = self.env["wx.churn.tier.history"].create(
            {"partner_id": customer.id, "reason": "computed", "amount": 1}
        )
        history.flush_recordset()
        self.env.cr.execute(
            "ALTER TABLE wx_churn_tier_history ADD COLUMN wx_amount_clear numeric"
        )
        self.env.execute_query(
            SQL(
                "UPDATE wx_churn_tier_history SET wx_amount_clear = 254321.5,"
                " amount_enc = NULL WHERE id = %s",
                history.id,
            )
        )
        self.env.invalidate_all()
        self.assertGreaterEqual(post.encrypt_clear_amounts(self.env), 1)
        self.env.invalidate_all()
        self.assertEqual(history.amount, 254321.5)
        row = self.env.execute_query_dict(
            SQL("SELECT * FROM wx_churn_tier_history WHERE id = %s", history.id)
        )[0]
        self.assertNotIn("wx_amount_clear", row)
        self.assertNotIn("254321", str(row))
        self.assertEqual(post.encrypt_clear_amounts(self.env), 0, "idempotent")
