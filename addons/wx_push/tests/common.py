# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields

from odoo.addons.wx_feedback.models.wx_rate_limit import redis_client
from odoo.addons.wx_sla.tests.common import WxSlaCommon

from ..tools.fakes import FakeServer


class WxPushCommon(WxSlaCommon):
    """The local fakes on 127.0.0.1, a WeCom robot for the logistics team,
    a DingTalk robot for the purchasing team and a WeCom application."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fake = FakeServer().start()
        cls.addClassCleanup(cls.fake.stop)
        cls.fake.timeout_s = 0.5
        # commits are the cron's business; a test keeps one transaction
        cls.startClassPatcher(
            patch.object(
                type(cls.env["wx.push.message"]), "_wx_commit", return_value=60.0
            )
        )
        Destination = cls.env["wx.push.destination"]
        cls.robot = Destination.create(
            {
                "name": "物流组群",
                "kind": "wecom_robot",
                "key": "robot-logistics",
                "base_url": cls.fake.url,
                "team_ids": [Command.set(cls.team_logistics.ids)],
                "lang": "zh_CN" if cls._lang_installed("zh_CN") else False,
            }
        )
        cls.dingtalk = Destination.create(
            {
                "name": "采购组钉钉",
                "kind": "dingtalk",
                "key": "ding-purchasing",
                "secret": "SECtest",
                "keywords": "反馈,Feedback,SLA,Churn,Weekly",
                "base_url": cls.fake.url,
                "team_ids": [Command.set(cls.team_purchasing.ids)],
            }
        )
        cls.leader.wx_wecom_userid = "lijianguo"
        cls.app = Destination.create(
            {
                "name": "万象 WeCom app",
                "kind": "wecom_app",
                "corp_id": "wwcorp",
                "secret": "appsecret",
                "agent_id": "1000002",
                "base_url": cls.fake.url,
                "team_ids": [Command.set(cls.team_logistics.ids)],
                "rate_limit": 0,
            }
        )

    @classmethod
    def _lang_installed(cls, code):
        return code in dict(cls.env["res.lang"].get_installed())

    def setUp(self):
        super().setUp()
        self.fake.reset()
        self.fake.timeout_s = 0.5
        self.fake.add_wecom_robot("robot-logistics")
        self.fake.add_dingtalk_robot(
            "ding-purchasing", "SECtest", ["反馈", "Feedback", "SLA", "Churn", "Weekly"]
        )
        self.fake.add_wecom_corp("wwcorp", "appsecret", 1000002, ["lijianguo"])
        # no stale sliding window from another test (the ids are new anyway)
        self.env["wx.push.send.log"].search([]).unlink()
        client = redis_client()
        if client is not None:
            for destination in (self.robot, self.dingtalk, self.app):
                client.delete(destination._wx_redis_key())

    def send(self):
        """Run the sender as the cron does."""
        self.env["wx.push.message"]._cron_send()

    def make_due(self, messages):
        messages.write(
            {"next_attempt_at": fields.Datetime.now() - timedelta(seconds=1)}
        )

    def queue(self, destination, count=1, prefix="T"):
        Message = self.env["wx.push.message"]
        return Message._wx_enqueue(
            [
                {
                    "name": f"{prefix}{i:05d}",
                    "body": "测试",
                    "event": "urgent",
                    "channel": destination.kind,
                    "destination_id": destination.id,
                    "dedupe_key": f"test:{destination.id}:{prefix}{i}",
                    "recipient_user_id": (
                        self.leader.id if destination.kind == "wecom_app" else False
                    ),
                }
                for i in range(count)
            ]
        )
