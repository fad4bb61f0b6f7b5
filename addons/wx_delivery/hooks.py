# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """The delivery history of the database so far: one row per validated
    outgoing delivery and per delivery of an open confirmed order."""
    env["wx.delivery.record"]._wx_sync_all()
