# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
import json
import zipfile

from odoo.tests import tagged

from odoo.addons.wx_feedback.tools import personal_data as pd_tools

from .common import WxSlaCommon


@tagged("post_install", "-at_install")
class TestSlaPersonalData(WxSlaCommon):
    def test_the_sla_of_my_tickets_is_in_my_export_and_stays_on_erasure(self):
        mine = self.new_ticket()
        theirs = self.new_ticket(partner_id=self.customer_b.id)
        self.assertTrue(mine.wx_sla_line_ids and theirs.wx_sla_line_ids)
        payload = self.env["wx.personal.data"]._wx_export_zip(self.contact_a)
        document = json.loads(
            zipfile.ZipFile(io.BytesIO(payload)).read(pd_tools.JSON_NAME)
        )
        self.assertEqual(
            {row["ticket_id"] for row in document["sla"]}, {mine.display_name}
        )
        self.assertEqual(len(document["sla"]), len(mine.wx_sla_line_ids))
        deadlines = mine.wx_sla_line_ids.mapped("deadline")
        self.env["wx.personal.data"]._wx_erase(self.contact_a)
        self.assertEqual(mine.wx_sla_line_ids.mapped("deadline"), deadlines)
        self.assertNotIn("草莓", mine.description)
