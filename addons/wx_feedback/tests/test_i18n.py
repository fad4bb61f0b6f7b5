# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import WxI18nCommon

# helpdesk_mgmt terms as our files translate them
EXPECTED = {
    "zh_CN": {
        "menu": "服务台",
        "field": "分配给",
        "stage": "等待中",
        "priority": "非常高",
        "channel": "电子邮件",
        "team": "本地化团队",
    },
    # Email (the channel) is one of the terms helpdesk_mgmt's es.po lacks
    "es_ES": {
        "menu": "Servicio de asistencia",
        "field": "Usuario asignado",
        "stage": "En espera",
        "priority": "Muy alta",
        "channel": "Correo electrónico",
        "team": "Equipo de localización",
    },
}


@tagged("post_install", "-at_install")
class TestHelpdeskTranslations(WxI18nCommon):
    """OCA helpdesk_mgmt ships no zh_CN and an incomplete es: wx_feedback's
    files complete them."""

    def test_menus_fields_stages_and_selections(self):
        for lang, expected in EXPECTED.items():
            with self.subTest(lang=lang):
                env = self.in_lang(lang)
                menu = env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
                self.assertEqual(menu.name, expected["menu"])
                description = env["helpdesk.ticket"].fields_get(
                    ["user_id", "priority"], ["string", "selection"]
                )
                self.assertEqual(description["user_id"]["string"], expected["field"])
                self.assertEqual(
                    dict(description["priority"]["selection"])["3"],
                    expected["priority"],
                )
                stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
                self.assertEqual(stage.name, expected["stage"])
                channel = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
                self.assertEqual(channel.name, expected["channel"])
                # the demo records OCA ships are translated too
                team = env.ref(
                    "helpdesk_mgmt.helpdesk_team_1", raise_if_not_found=False
                )
                if team:
                    self.assertEqual(team.name, expected["team"])

    def test_views_are_translated(self):
        view = self.env.ref("helpdesk_mgmt.helpdesk_ticket_view_search")
        arch = self.in_lang("zh_CN")["helpdesk.ticket"].get_views(
            [(view.id, "search")]
        )["views"]["search"]["arch"]
        self.assertIn("我关注的工单", arch)
        self.assertNotIn("My Followed Tickets", arch)

    def test_a_translation_edited_by_a_user_is_kept_unless_overwritten(self):
        menu = self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
        menu.with_context(lang="zh_CN").name = "客服中心"
        Module = self.env["ir.module.module"]
        Module._load_module_terms(["helpdesk_mgmt"], ["zh_CN"])
        self.assertEqual(menu.with_context(lang="zh_CN").name, "客服中心")
        # loading wx_feedback's terms loads ours as well, and honours overwrite
        Module._load_module_terms(["wx_feedback"], ["zh_CN"], overwrite=True)
        self.assertEqual(menu.with_context(lang="zh_CN").name, "服务台")
        self.assertEqual(menu.with_context(lang="en_US").name, "Helpdesk")

    def test_other_modules_do_not_load_them(self):
        menu = self.env.ref("helpdesk_mgmt.helpdesk_ticket_main_menu")
        menu.with_context(lang="zh_CN").name = "客服中心"
        self.env["ir.module.module"]._load_module_terms(
            ["mail"], ["zh_CN"], overwrite=True
        )
        self.assertEqual(menu.with_context(lang="zh_CN").name, "客服中心")

    def test_dashboard_counters(self):
        Team = self.env["helpdesk.ticket.team"]
        for lang, expected in (
            ("zh_CN", "未关闭的工单"),
            ("es_ES", "Tickets abiertos"),
        ):
            sections = Team.with_context(lang=lang).retrieve_dashboard()
            opened = [
                s
                for s in sections
                if s["action"] == "helpdesk_mgmt.helpdesk_ticket_action_opened"
            ]
            self.assertEqual(opened[0]["name"], expected)

    def test_javascript_strings_reach_the_web_client(self):
        source = "The selected file (%sB) is over the maximum allowed file size (%sB)."
        Http = self.env["ir.http"]
        for lang, expected in (
            ("zh_CN", "所选文件（%sB）超过了允许的最大文件大小（%sB）。"),
            ("es_ES", "El archivo seleccionado (%sB) supera el tamaño máximo"),
        ):
            translations, _params = Http._get_translations_for_webclient(
                ["web", "helpdesk_mgmt"], lang
            )
            messages = {
                m["id"]: m["string"] for m in translations["helpdesk_mgmt"]["messages"]
            }
            self.assertTrue(messages[source].startswith(expected), lang)
            self.assertIn("web", translations)
        translations, _params = Http._get_translations_for_webclient(["web"], "zh_CN")
        self.assertNotIn("helpdesk_mgmt", translations)


@tagged("post_install", "-at_install")
class TestHelpdeskPortalLabels(WxI18nCommon, HttpCase):
    def test_my_tickets_options_in_the_customers_language(self):
        self.env["helpdesk.ticket"].create(
            {
                "name": "芒果烂了",
                "description": "<p>x</p>",
                "partner_id": self.contact_a.id,
            }
        )
        self.portal_a.lang = "zh_CN"
        self.authenticate("wx-test-portal-a", "wx-test-portal-a")
        page = self.url_open("/my/tickets?sortby=update&groupby=stage")
        self.assertEqual(page.status_code, 200)
        self.assertIn("芒果烂了", page.text)
        for label in ("最新", "最近阶段更新", "按编号搜索", "按标题搜索"):
            self.assertIn(label, page.text)
        for label in ("Newest", "Last Stage Update", "Search in Title"):
            self.assertNotIn(label, page.text)
        self.assertNotRegex(page.text, r">\s*All\s*<", "the All filter")
        self.assertRegex(page.text, r">\s*全部\s*<")
