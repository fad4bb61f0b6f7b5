#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Export a database's delivery history (wx.delivery.record) to the CSV that
``evaluate.py`` reads.

    .venv/bin/python scripts/delay/export.py -c .local/odoo.conf -d DATABASE OUT.csv
        [--company ID] [--open]

Times are written in local time (Asia/Shanghai); ``--open`` adds the open
deliveries (empty ``delivered_at``)."""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="odoo.conf")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--company", type=int, help="company id (default: all)")
    parser.add_argument("--open", action="store_true", help="include open deliveries")
    parser.add_argument("out")
    args = parser.parse_args(argv)

    import odoo
    from odoo.modules.registry import Registry
    from odoo.tools import config

    from odoo.addons.wx_delivery.tools.history import write_csv

    config.parse_config(["-c", args.config, "--log-level", "warn"])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Record = env["wx.delivery.record"]
        companies = (
            env["res.company"].browse(args.company)
            if args.company
            else env["res.company"].search([])
        )
        rows = []
        for company in companies:
            rows += Record._wx_history_rows(
                company, delivered=None if args.open else True
            )
        write_csv(rows, args.out)
    print(f"rows={len(rows)} out={args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
