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
