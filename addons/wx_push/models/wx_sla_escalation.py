# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class WxSlaEscalation(models.Model):
    _inherit = "wx.sla.escalation"

    def _wx_post_chat(self, line, message):
        """The ladder's chat step: queue the alert for the ticket team's
        WeCom / DingTalk groups and leaders (once per step and line)."""
        self.ensure_one()
        ticket = line.ticket_id.sudo()
        step = self

        def render(env):
            # the ladder's message is written in the company's language;
            # other recipients get it rendered again in theirs
            text = step.with_env(env)._wx_message(line.with_env(env))
            title = env._("SLA: ticket %(ticket)s", ticket=ticket.number or ticket.id)
            return title, text or message

        queued = self.env["wx.push.message"]._wx_queue_event(
            "sla",
            ticket,
            render,
            team=ticket.team_id,
            company=ticket.company_id,
            tag=f"{self.id}-{line.id}",
        )
        return bool(queued) or super()._wx_post_chat(line, message)
