# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstall without losing what customers hold.

The win-back coupon program keeps the coupons already given to customers (and
its discount product the orders point at), and the VIP team keeps its tickets:
their XML ids move to a holding name at uninstall, so Odoo leaves the records
alone, and come back at the next install, where the data files find them
again instead of creating duplicates. The tier history goes with the addon
(its table is dropped), first, so that the tiers it points at can be deleted.
"""

from odoo.tools import SQL

HOLDING_MODULE = "wx_churn_retained"
# the VIP team is a data record: its mail alias gets an XML id of its own
RETAINED = (
    "loyalty_program_winback",
    "helpdesk_ticket_team_vip",
    "helpdesk_ticket_team_vip_mail_alias",
)


def uninstall_hook(env):
    env.cr.execute(SQL("DELETE FROM wx_churn_tier_history"))
    env["ir.model.data"].search(
        [("module", "=", "wx_churn"), ("name", "in", RETAINED)]
    ).write({"module": HOLDING_MODULE})


def pre_init_hook(env):
    env["ir.model.data"].search([("module", "=", HOLDING_MODULE)]).write(
        {"module": "wx_churn"}
    )
