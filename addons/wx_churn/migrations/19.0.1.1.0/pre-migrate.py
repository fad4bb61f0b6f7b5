# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""19.0.1.1.0, before the models and the data.

The customer tier fields of ``res.partner`` become company-dependent (each
company ranks its customers on its own purchases and tiers): their columns
become jsonb, keeping each value for the customer's company (the main company
for customers shared by every company: the nightly job computed them there).

The VIP team becomes the data record ``wx_churn.helpdesk_ticket_team_vip``.

Up to 19.0.1.0.0 an install step picked the VIP team (the configured one, or
the Customer Feedback demo's "VIP专线", or a new "VIP Line") and stored it in
``wx_churn.vip_team_id``. The team in use gets the data record's XML id, so
the data file finds it instead of creating a second VIP team, and the demo
team's old XML id (no longer in wx_feedback's demo) does not delete it.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

VIP_MODULE, VIP_NAME = "wx_churn", "helpdesk_ticket_team_vip"
# column -> how its value is written in the company-dependent jsonb
TIER_COLUMNS = {
    "wx_tier_id": SQL("to_jsonb(%s)", SQL.identifier("wx_tier_id")),
    "wx_tier_computed_id": SQL("to_jsonb(%s)", SQL.identifier("wx_tier_computed_id")),
    "wx_tier_override_id": SQL("to_jsonb(%s)", SQL.identifier("wx_tier_override_id")),
    "wx_tier_amount": SQL("to_jsonb(%s::float8)", SQL.identifier("wx_tier_amount")),
    "wx_tier_computed_at": SQL(
        "to_jsonb(to_char(%s, 'YYYY-MM-DD HH24:MI:SS'))",
        SQL.identifier("wx_tier_computed_at"),
    ),
    "wx_tier_override_reason": SQL(
        "to_jsonb(%s)", SQL.identifier("wx_tier_override_reason")
    ),
    "wx_tier_override_until": SQL(
        "to_jsonb(to_char(%s, 'YYYY-MM-DD'))", SQL.identifier("wx_tier_override_until")
    ),
}


def company_dependent_tiers(cr):
    """Turn the tier columns into company-dependent jsonb; idempotent."""
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'res_partner' AND column_name IN %s"
            " AND data_type != 'jsonb'",
            tuple(TIER_COLUMNS),
        )
    )
    columns = [row[0] for row in cr.fetchall()]
    if not columns:
        return
    cr.execute(
        SQL(
            "SELECT res_id FROM ir_model_data"
            " WHERE module = 'base' AND name = 'main_company'"
        )
    )
    row = cr.fetchone()
    main = row[0] if row else 1
    for column in columns:
        cr.execute(
            SQL(
                "ALTER TABLE res_partner DROP CONSTRAINT IF EXISTS %s",
                SQL.identifier(f"res_partner_{column}_fkey"),
            )
        )
        cr.execute(
            SQL(
                """
                ALTER TABLE res_partner ALTER COLUMN %(column)s TYPE jsonb
                USING CASE WHEN %(column)s IS NULL THEN NULL
                           ELSE jsonb_build_object(
                               COALESCE(company_id, %(main)s)::text, %(value)s)
                      END
                """,
                column=SQL.identifier(column),
                main=main,
                value=TIER_COLUMNS[column],
            )
        )


OLD_DEMO = ("wx_feedback", "helpdesk_ticket_team_vip_demo")


def adopt_vip_team(env):
    """Give the configured VIP team the data record's XML id; idempotent."""
    Data = env["ir.model.data"].sudo()
    old_demo = Data.search([("module", "=", OLD_DEMO[0]), ("name", "=", OLD_DEMO[1])])
    if Data.search_count([("module", "=", VIP_MODULE), ("name", "=", VIP_NAME)]):
        # a team of its own already: the demo team stays, as a plain team
        old_demo.unlink()
        return
    value = env["ir.config_parameter"].sudo().get_param("wx_churn.vip_team_id")
    team_id = int(value) if (value or "").isdigit() else 0
    team = env["helpdesk.ticket.team"].sudo().browse(team_id).exists()
    if not team:
        return
    own = old_demo.filtered(lambda row: row.res_id == team.id)
    values = {"module": VIP_MODULE, "name": VIP_NAME, "noupdate": True}
    if own:
        own.write(values)
    else:
        old_demo.unlink()
        Data.create({**values, "model": "helpdesk.ticket.team", "res_id": team.id})
    # the data loader looks XML ids up in SQL: they must be in the table
    Data.flush_model()


def migrate(cr, version):
    if version:
        company_dependent_tiers(cr)
        adopt_vip_team(api.Environment(cr, SUPERUSER_ID, {}))
