# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Check a database where the wx addons were installed *without* demo data.

Run inside ``odoo shell`` (``./wxf test`` does, on a scratch database
``wxf_nodemo_<pid>`` it creates without demo data and drops afterwards):
    .venv/bin/python -m odoo shell -c .local/odoo.conf -d DB < tests/e2e/nodemo.py
Prints ``NODEMO OK`` when the setup records exist (categories, VIP team,
tiers, SLA policy, win-back program, record rules as noupdate data, the
dissatisfaction rule) and a feedback submitted through the API method
becomes a ticket with its SLA clocks; otherwise ``NODEMO FAILED: ...``.
Nothing is committed: the database is dropped anyway.
"""

from odoo import Command

env = globals()["env"]  # odoo shell provides it
ADDONS = [
    "wx_feedback",
    "wx_nlp",
    "wx_sla",
    "wx_churn",
    "wx_push",
    "wx_crm",
    "wx_delivery",
    "wx_insight",
]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def ref(xmlid):
    record = env.ref(xmlid, raise_if_not_found=False)
    check(record, f"missing {xmlid}")
    return record


modules = env["ir.module.module"].search([("name", "in", ADDONS)])
check(
    set(modules.filtered(lambda m: m.state == "installed").mapped("name"))
    == set(ADDONS),
    "not every addon installed",
)
check(not any(modules.mapped("demo")), "installed with demo data")
check(
    not env.ref("wx_feedback.user_wx_manager_demo", raise_if_not_found=False),
    "demo users present",
)

company = env.ref("base.main_company")
freshness = ref("wx_feedback.wx_feedback_category_freshness")
vip_team = ref("wx_churn.helpdesk_ticket_team_vip")
check(company.wx_vip_team_id == vip_team, "the main company has no VIP team")
for xmlid in (
    "wx_churn.wx_churn_tier_vip",
    "wx_churn.loyalty_program_winback",
    "wx_sla.wx_sla_policy_standard",
    "wx_feedback.ir_cron_process_submissions",
    "wx_crm.crm_stage_winback_open",
    "wx_crm.crm_tag_winback",
):
    ref(xmlid)
rules = env["ir.model.data"].search(
    [("module", "in", ADDONS), ("model", "=", "ir.rule")]
)
check(len(rules) >= 20, f"only {len(rules)} record rules")
check(all(rules.mapped("noupdate")), "record rules are not noupdate data")
check(
    (
        company.wx_dissatisfied_rating,
        company.wx_dissatisfied_nps,
        company.wx_dissatisfied_csat,
        company.wx_negative_confidence,
    )
    == (3, 6, 2, 0.7),
    "dissatisfaction rule defaults",
)

# a customer rates an order through the API method, as the ordering system does
customer = env["res.partner"].create(
    {"name": "E2E Fruit Shop", "email": "e2e@example.com"}
)
product = env["product.product"].create({"name": "E2E Mango", "type": "service"})
order = env["sale.order"].create(
    {
        "partner_id": customer.id,
        "order_line": [
            Command.create({"product_id": product.id, "product_uom_qty": 1})
        ],
    }
)
order.action_confirm()
result = env["wx.feedback"].submit_feedback(
    order=order.name, rating=1, categories=["freshness"], text="一箱芒果有一半烂了"
)
feedback = env["wx.feedback"].browse(result["id"])
check(result["outcome"] == "created", f"outcome {result['outcome']}")
check(feedback.category_ids == freshness, "the category code was not found")
env["wx.feedback"]._wx_process_pending()
ticket = feedback.ticket_id
check(ticket, "no ticket for a 1-star feedback")
check(feedback._wx_dissatisfied(), "a 1-star feedback is not dissatisfied")
check(ticket.wx_sla_line_ids, "the ticket has no SLA clocks")
env.cr.rollback()
print("NODEMO FAILED: " + "; ".join(failures) if failures else "NODEMO OK")
