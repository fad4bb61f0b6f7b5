# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.wx_feedback.tests.common import WxFeedbackCommon


def utc(local):
    """Naive UTC of a ``YYYY-MM-DD HH:MM`` moment in Asia/Shanghai (UTC+8)."""
    return datetime.strptime(local, "%Y-%m-%d %H:%M") - timedelta(hours=8)


def service_calendar(env, name="Service hours (test)"):
    """Monday-Friday 08:30-12:00 and 13:30-18:00, Asia/Shanghai."""
    return env["resource.calendar"].create(
        {
            "name": name,
            "tz": "Asia/Shanghai",
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day} {period}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": end,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for start, end, period in (
                    (8.5, 12.0, "morning"),
                    (13.5, 18.0, "afternoon"),
                )
            ],
        }
    )


def sla_policy(env, name, calendar, teams, ack=15, solution=120, **values):
    return env["wx.sla.policy"].create(
        {
            "name": name,
            "sequence": values.pop("sequence", 1),
            "calendar_id": calendar.id,
            "team_ids": [Command.set(teams.ids)],
            "target_ids": [
                Command.create(
                    {
                        "level": 1,
                        "name": "Acknowledge",
                        "kind": "acknowledge",
                        "minutes": ack,
                    }
                ),
                Command.create(
                    {
                        "level": 2,
                        "name": "Solution",
                        "kind": "solution",
                        "minutes": solution,
                    }
                ),
            ],
            **values,
        }
    )


class WxSlaCommon(WxFeedbackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.wx_sla_manager = new_test_user(
            cls.env, login="wx_sla-test-manager", groups="wx_sla.group_wx_sla_manager"
        )
        cls.wx_sla_user = new_test_user(
            cls.env, login="wx_sla-test-user", groups="wx_sla.group_wx_sla_user"
        )
        cls.leader = new_test_user(
            cls.env,
            login="wx_sla-test-leader",
            groups="wx_feedback.group_wx_feedback_user",
        )
        cls.team_logistics.user_id = cls.leader
        cls.calendar = service_calendar(cls.env)
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.stage_waiting = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.policy_logistics = sla_policy(
            cls.env,
            "Logistics (test)",
            cls.calendar,
            cls.team_logistics,
            pause_stage_ids=[Command.set(cls.stage_waiting.ids)],
        )
        cls.policy_purchasing = sla_policy(
            cls.env,
            "Purchasing (test)",
            cls.calendar,
            cls.team_purchasing,
            ack=30,
            solution=240,
            sequence=2,
        )

    @classmethod
    def new_ticket(cls, team=None, **values):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": "一箱草莓一半都发霉",
                "description": "<p>一箱草莓一半都发霉</p>",
                "team_id": (team or cls.team_logistics).id,
                "partner_id": cls.contact_a.id,
                "user_id": False,
                **values,
            }
        )

    @staticmethod
    def line(ticket, level):
        return ticket.wx_sla_line_ids.filtered(lambda x: x.level == level)
