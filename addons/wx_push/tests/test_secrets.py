# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Robot, application and SMS credentials are stored encrypted."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.wx_feedback.models.wx_crypto_key import WxCryptoUnavailable
from odoo.addons.wx_feedback.tools import envelope

from .common import WxPushCommon


@tagged("post_install", "-at_install")
class TestSecrets(WxPushCommon):
    def setUp(self):
        super().setUp()
        self.Keys = self.env["wx.crypto.key"]
        self.addCleanup(self.Keys._wx_forget_keyrings)

    def _row(self, record):
        record.env.flush_all()
        return self.env.execute_query_dict(
            SQL(
                "SELECT * FROM %s WHERE id = %s",
                SQL.identifier(record._table),
                record.id,
            )
        )[0]

    def assertNoClear(self, row, *clears):
        for value in row.values():
            for clear in clears:
                self.assertNotIn(clear, str(value))

    def test_destination_secrets_stored_encrypted(self):
        self.assertEqual(self.app._wx_token(), self.app.sudo().access_token)
        token = self.app.sudo().access_token
        self.assertTrue(token)
        row = self._row(self.dingtalk)
        self.assertNoClear(row, "ding-purchasing", "SECtest")
        self.assertNotIn("key", row, "no clear column")
        self.assertNotIn("secret", row, "no clear column")
        self.assertTrue(row["key_enc"].startswith("v1:secret-"))
        self.assertTrue(row["secret_enc"].startswith("v1:secret-"))
        app_row = self._row(self.app)
        self.assertNoClear(app_row, "appsecret", token)
        self.assertTrue(app_row["access_token_enc"].startswith("v1:secret-"))
        # read back in clear by a system administrator
        self.env.invalidate_all()
        dingtalk = self.dingtalk.with_user(self.env.ref("base.user_admin"))
        self.assertEqual(dingtalk.key, "ding-purchasing")
        self.assertEqual(dingtalk.secret, "SECtest")
        self.assertEqual(self.app.sudo().access_token, token)
        # bound to its place: another field or row does not decrypt it
        self.assertNotEqual(
            self.Keys._wx_decrypt(
                row["secret_enc"],
                envelope.aad_for("wx.push.destination", "secret", self.dingtalk.id),
                "secret",
            ),
            False,
        )
        with self.assertRaises(WxCryptoUnavailable):
            self.Keys._wx_decrypt(
                row["secret_enc"],
                envelope.aad_for("wx.push.destination", "key", self.dingtalk.id),
                "secret",
            )
        # changed: one value re-encrypted, the other untouched; cleared
        self.dingtalk.secret = "SECnew"
        after = self._row(self.dingtalk)
        self.assertEqual(after["key_enc"], row["key_enc"])
        self.assertNotEqual(after["secret_enc"], row["secret_enc"])
        self.assertEqual(self.dingtalk.secret, "SECnew")
        self.dingtalk.secret = False
        self.assertFalse(self._row(self.dingtalk)["secret_enc"])
        self.assertFalse(self.dingtalk.secret)

    def test_company_secrets_stored_encrypted(self):
        company = self.env.company
        company.write(
            {"wx_aliyun_secret": "sk-clear-1", "wx_tencent_secret_key": "tc-clear-2"}
        )
        row = self._row(company)
        self.assertNoClear(row, "sk-clear-1", "tc-clear-2")
        self.assertNotIn("wx_aliyun_secret", row)
        self.assertTrue(row["wx_aliyun_secret_enc"].startswith("v1:secret-"))
        self.assertTrue(row["wx_tencent_secret_key_enc"].startswith("v1:secret-"))
        self.env.invalidate_all()
        self.assertEqual(company.wx_aliyun_secret, "sk-clear-1")
        self.assertEqual(company.wx_tencent_secret_key, "tc-clear-2")

    def test_secrets_stay_for_system_administrators(self):
        with self.assertRaises(AccessError):
            self.robot.with_user(self.manager).read(["key_enc"])
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.manager).read(["wx_aliyun_secret"])

    def test_rotation_re_encrypts_destination_secrets(self):
        self.assertIn(
            ("wx.push.destination", "secret"),
            [(M._name, f) for M, f, __ in self.Keys._wx_encrypted_columns()],
        )
        self.assertIn(
            ("res.company", "wx_tencent_secret_key"),
            [(M._name, f) for M, f, __ in self.Keys._wx_encrypted_columns()],
        )
        self.env.company.wx_aliyun_secret = "sk-rotate"
        before = self._row(self.dingtalk)
        company_before = self._row(self.env.company)["wx_aliyun_secret_enc"]
        old = self.Keys._wx_active_kid("secret")
        result = self.Keys._wx_rotate(["secret"], commit=lambda done: None)
        self.assertEqual(result["rotated"], [old])
        new = self.Keys._wx_active_kid("secret")
        self.assertNotEqual(new, old)
        self.env.invalidate_all()
        after = self._row(self.dingtalk)
        for column in ("key_enc", "secret_enc"):
            self.assertEqual(envelope.key_id_of(after[column]), new)
            self.assertNotEqual(after[column], before[column])
        company_after = self._row(self.env.company)["wx_aliyun_secret_enc"]
        self.assertEqual(envelope.key_id_of(company_after), new)
        self.assertNotEqual(company_after, company_before)
        self.assertEqual(self.dingtalk.secret, "SECtest")
        self.assertEqual(self.env.company.wx_aliyun_secret, "sk-rotate")
        # the robot still signs correctly against the fake
        result = self.dingtalk._wx_send({"title": "T", "body": "反馈", "url": ""})
        self.assertTrue(result.ok, result.outcome)
