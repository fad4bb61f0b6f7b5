# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import dissatisfaction

RULE_FIELDS = {
    "wx_dissatisfied_rating": "rating_max",
    "wx_dissatisfied_nps": "nps_max",
    "wx_dissatisfied_csat": "csat_max",
    "wx_negative_confidence": "negative_confidence",
}


class ResCompany(models.Model):
    _inherit = "res.company"

    # the company's one definition of a dissatisfied customer (README:
    # "Dissatisfied customers"); defaults are those of tools.dissatisfaction
    wx_dissatisfied_rating = fields.Integer(
        string="Dissatisfied at or under (stars)",
        default=dissatisfaction.DEFAULT_RULE.rating_max,
        help="An overall rating at or under this many stars (1-3) is dissatisfied.",
    )
    wx_dissatisfied_nps = fields.Integer(
        string="Dissatisfied at or under (NPS)",
        default=dissatisfaction.DEFAULT_RULE.nps_max,
        help="A survey answer at or under this NPS (0-9; 6: every detractor) is"
        " dissatisfied.",
    )
    wx_dissatisfied_csat = fields.Integer(
        string="Dissatisfied at or under (CSAT)",
        default=dissatisfaction.DEFAULT_RULE.csat_max,
        help="A survey answer at or under this CSAT (1-4) is dissatisfied.",
    )
    wx_negative_confidence = fields.Float(
        string="Negative text from confidence",
        default=dissatisfaction.DEFAULT_RULE.negative_confidence,
        digits=(3, 2),
        help="A text the analysis finds negative with at least this confidence"
        " (above 0 to 1) is dissatisfied; a text staff corrected to negative"
        " always is.",
    )
    wx_default_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Default Feedback Team",
        check_company=True,
        help="Team of this company's feedback tickets whose categories name none.",
    )

    wx_media_retention_days = fields.Integer(
        string="Keep customer photos and videos (days)",
        default=365,
        help="Photos and videos customers attached to feedback are deleted this"
        " many days after the feedback was first submitted (0: kept).",
    )

    @api.constrains("wx_media_retention_days")
    def _check_wx_media_retention_days(self):
        if any(company.wx_media_retention_days < 0 for company in self):
            raise ValidationError(
                self.env._("The photo and video retention cannot be negative.")
            )

    @api.constrains(*RULE_FIELDS)
    def _check_wx_dissatisfaction_rule(self):
        for company in self:
            try:
                company._wx_dissatisfaction_rule()
            except (TypeError, ValueError):
                raise ValidationError(
                    self.env._(
                        "Dissatisfied: stars go from 1 to 3, NPS from 0 to 9, CSAT"
                        " from 1 to 4 and the text confidence from above 0 to 1."
                    )
                ) from None

    def _wx_dissatisfaction_rule(self):
        """This company's :class:`~..tools.dissatisfaction.Rule`."""
        self.ensure_one()
        company = self.sudo()
        return dissatisfaction.Rule(
            **{key: company[name] for name, key in RULE_FIELDS.items()}
        )

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
