# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Alerts raised before CRM was installed: their win-back opportunities,
    so the account managers' pipelines start complete."""
    alerts = (
        env["wx.churn.alert"]
        .sudo()
        .search(
            [("state", "in", ["open", "visited"]), ("wx_opportunity_id", "=", False)],
            order="date, id",
        )
    )
    Lead = env["crm.lead"]
    for alert in alerts:
        lead = Lead._wx_winback_for_alert(alert)
        if alert.state == "visited":
            lead._wx_follow_alert(alert)


def uninstall_hook(env):
    """The win-back stages go with the addon: their opportunities move to
    the first ordinary stage (of their team, else a shared one), so that
    nothing blocks the removal and no opportunity is left without a stage."""
    winback = env["crm.stage"].search([("wx_winback_state", "!=", False)])
    leads = (
        env["crm.lead"]
        .with_context(active_test=False)
        .search([("stage_id", "in", winback.ids)])
    )
    Stage = env["crm.stage"]
    for team in leads.team_id | env["crm.team"]:
        target = Stage.search(
            [
                ("id", "not in", winback.ids),
                "|",
                ("team_ids", "=", False),
                ("team_ids", "in", team.ids),
            ],
            order="sequence, id",
            limit=1,
        )
        leads.filtered(lambda lead, team=team: lead.team_id == team).write(
            {"stage_id": target.id}
        )
