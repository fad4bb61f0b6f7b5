# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstall and reinstall every wx addon on a database with demo data.

Run inside ``odoo shell`` (``./wxf test`` does, on its throwaway database):
    .venv/bin/python -m odoo shell -c .local/odoo.conf -d DB < tests/e2e/reinstall.py
Prints ``REINSTALL OK`` when every addon went away and came back installed,
with no duplicate demo products; errors in the log are caught by the caller.
"""

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
modules = env["ir.module.module"]  # noqa: F821 (odoo shell provides env)


def install_missing():
    modules.search(
        [("name", "in", ADDONS), ("state", "!=", "installed")]
    ).button_immediate_install()
    env.cr.commit()  # noqa: F821


def state(name):
    return modules.search([("name", "=", name)]).state


failures = []
install_missing()
products_before = env["product.product"].search_count([])  # noqa: F821
for name in [
    "wx_insight",
    "wx_delivery",
    "wx_crm",
    "wx_push",
    "wx_churn",
    "wx_sla",
    "wx_nlp",
    "wx_feedback",
]:
    modules.search([("name", "=", name)]).button_immediate_uninstall()
    env.cr.commit()  # noqa: F821
    if state(name) != "uninstalled":
        failures.append(f"{name} not uninstalled")
    modules.search([("name", "=", name)]).button_immediate_install()
    env.cr.commit()  # noqa: F821
    install_missing()
    if state(name) != "installed":
        failures.append(f"{name} not reinstalled")
products_after = env["product.product"].search_count([])  # noqa: F821
if products_after != products_before:
    failures.append(f"products {products_before} -> {products_after}")
print("REINSTALL FAILED: " + "; ".join(failures) if failures else "REINSTALL OK")
