# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter

from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _wx_lang(self, recipient=None):
        """The language the system writes in for this company's people: what
        crons and jobs create (ticket titles and descriptions, chatter notes,
        review names) is written in it, whoever or whatever triggered them.

        With ``recipient`` (a partner or user: an activity's assignee, a
        digest's reader), their own language when it is installed. Otherwise
        the language of the company's partner, else the one most of the
        company's internal users work in, else English.
        """
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        if recipient and recipient.sudo().lang in installed:
            return recipient.sudo().lang
        company = (self[:1] or self.env.company).sudo()
        if company.partner_id.lang in installed:
            return company.partner_id.lang
        users = (
            self.env["res.users"]
            .sudo()
            .search_fetch(
                [("company_id", "=", company.id), ("share", "=", False)], ["lang"]
            )
        )
        counts = Counter(user.lang for user in users if user.lang in installed)
        if counts:
            return min(counts, key=lambda code: (-counts[code], code))
        return "en_US"
