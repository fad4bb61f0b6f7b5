# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from pathlib import Path

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_installs_itself_with_crm_only(self):
        """auto_install on wx_churn and crm: without crm it stays out (a
        company without CRM keeps wx_churn's own alerts); helpdesk_mgmt_crm
        is a plain dependency installed along."""
        module = self.env["ir.module.module"].search([("name", "=", "wx_crm")])
        self.assertTrue(module.auto_install)
        required = module.dependencies_id.filtered("auto_install_required")
        self.assertEqual(set(required.mapped("name")), {"wx_churn", "crm"})
        self.assertIn("helpdesk_mgmt_crm", module.dependencies_id.mapped("name"))

    def test_wxf_installs_and_tests_it_explicitly(self):
        root = Path(__file__).resolve().parents[3]
        cli = root / "scripts" / "wxflib" / "cli.py"
        self.assertIn('"wx_crm"', cli.read_text(encoding="utf-8"))
