# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Uninstall and reinstall every wx addon on a database with demo data.

Run inside ``odoo shell`` (``./wxf test`` does, on its throwaway database,
giving the suite's addons as ``ADDONS``):
    (echo 'ADDONS = ["wx_feedback", ...]'; cat tests/e2e/reinstall.py) |
        .venv/bin/python -m odoo shell -c .local/odoo.conf -d DB
Prints ``REINSTALL OK`` when every addon went away and came back installed,
with no duplicate demo products; errors in the log are caught by the caller.

Layer by layer, not one addon at a time (a registry reload each): first
the addons no other addon of the suite depends on, while what they extend
stays installed (their uninstall hooks, dropped columns and tables on live
models), then those that are now leaves, down to wx_feedback; then all of
them back at once.
"""

ADDONS = globals()["ADDONS"]  # the suite's addons, given by ./wxf test
env = globals()["env"]  # odoo shell provides it
modules = env["ir.module.module"]


def installed():
    return set(
        modules.search([("name", "in", ADDONS), ("state", "=", "installed")]).mapped(
            "name"
        )
    )


def uninstall(names):
    modules.search([("name", "in", names)]).button_immediate_uninstall()
    env.cr.commit()  # pylint: disable=invalid-commit


def install_missing():
    modules.search(
        [("name", "in", ADDONS), ("state", "!=", "installed")]
    ).button_immediate_install()
    env.cr.commit()  # pylint: disable=invalid-commit


failures = []
install_missing()
products_before = env["product.product"].search_count([])
remaining = set(ADDONS)
while remaining and not failures:
    # the addons no remaining addon depends on, while what they extend stays
    suite = modules.search([("name", "in", sorted(remaining))])
    layer = remaining - set(suite.dependencies_id.mapped("name"))
    uninstall(sorted(layer))
    still = installed() & layer
    if still:
        failures.append(f"not uninstalled: {', '.join(sorted(still))}")
    remaining -= layer
if installed():
    failures.append(f"left installed: {', '.join(sorted(installed()))}")
install_missing()
missing = set(ADDONS) - installed()
if missing:
    failures.append(f"not reinstalled: {', '.join(sorted(missing))}")
products_after = env["product.product"].search_count([])
if products_after != products_before:
    failures.append(f"products {products_before} -> {products_after}")
print("REINSTALL FAILED: " + "; ".join(failures) if failures else "REINSTALL OK")
