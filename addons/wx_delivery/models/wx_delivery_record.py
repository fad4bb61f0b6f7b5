# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.tools import SQL

from ..tools.generator import region_name


class WxDeliveryRecord(models.Model):
    """One outgoing delivery of a sale order: the database's delivery history.

    A row is created when an order is confirmed (its delivery is open:
    ``delivered_at`` empty) and completed when the picking is validated.
    ``promised_at`` is the order's commitment date when the salesperson set
    one, else the picking's scheduled date *when the row was created* (Odoo
    moves ``scheduled_date`` later on reschedules: the promise does not move).
    Late means ``delivered_at > promised_at`` (:meth:`_wx_is_late`, the one
    definition used by the reports and the risk model)."""

    _name = "wx.delivery.record"
    _description = "Delivery Record"
    _order = "promised_at desc, id desc"
    _rec_name = "picking_id"
    _check_company_auto = True

    order_id = fields.Many2one(
        "sale.order", string="Order", index="btree_not_null", ondelete="set null"
    )
    picking_id = fields.Many2one(
        "stock.picking", string="Delivery", index="btree_not_null", ondelete="set null"
    )
    partner_id = fields.Many2one("res.partner", string="Customer", index=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state_id = fields.Many2one("res.country.state", string="Province")
    city = fields.Char()
    region = fields.Char(
        compute="_compute_region",
        store=True,
        index=True,
        help="Province/city of the shipping address.",
    )
    warehouse_id = fields.Many2one("stock.warehouse", string="Warehouse", index=True)
    carrier_id = fields.Many2one("delivery.carrier", string="Carrier", index=True)
    ordered_at = fields.Datetime(string="Ordered")
    promised_at = fields.Datetime(
        string="Promised",
        index=True,
        help="The order's commitment date when set, else the delivery's scheduled"
        " date when the order was confirmed.",
    )
    delivered_at = fields.Datetime(string="Delivered")
    weight_kg = fields.Float(string="Weight (kg)")
    line_count = fields.Integer(string="Lines")
    perishable_share = fields.Float(
        help="Share of the weight in perishable product categories (0-1)."
    )
    temperature_c = fields.Float(string="Temperature (°C)")
    rain_mm = fields.Float(string="Rain (mm)")
    is_late = fields.Boolean(
        string="Late", compute="_compute_lateness", store=True, index=True
    )
    lateness_minutes = fields.Integer(
        compute="_compute_lateness",
        store=True,
        help="Minutes delivered after the promised time; 0 when on time.",
    )

    _picking_unique = models.UniqueIndex(
        "(picking_id) WHERE picking_id IS NOT NULL",
        "A delivery has one delivery record.",
    )
    _company_promised_idx = models.Index("(company_id, promised_at)")

    @api.depends("state_id", "city")
    def _compute_region(self):
        for record in self:
            record.region = (
                region_name(record.state_id.name or "", record.city or "").strip("/")
                or False
            )

    @api.depends("delivered_at", "promised_at")
    def _compute_lateness(self):
        for record in self:
            late = self._wx_is_late(record.promised_at, record.delivered_at)
            record.is_late = late
            record.lateness_minutes = (
                int((record.delivered_at - record.promised_at).total_seconds() // 60)
                if late
                else 0
            )

    @api.model
    def _wx_is_late(self, promised_at, delivered_at):
        """The suite's definition of a late delivery."""
        return bool(promised_at and delivered_at and delivered_at > promised_at)

    # -- synchronisation from orders and pickings ---------------------------

    @api.model
    def _wx_sync_all(self):
        """Rows for every outgoing delivery of a sale order (install, repair)."""
        pickings = (
            self.env["stock.picking"]
            .sudo()
            .search(
                [
                    ("picking_type_code", "=", "outgoing"),
                    ("sale_id", "!=", False),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        self._wx_sync_pickings(pickings)

    @api.model
    def _wx_sync_pickings(self, pickings):
        """Create or update the rows of ``pickings`` (outgoing, of a sale order).

        Private: called after the ORM checked the picking operation."""
        pickings = pickings.sudo().filtered(
            lambda p: p.picking_type_code == "outgoing" and p.sale_id
        )
        if not pickings:
            return self.browse()
        Record = self.sudo()
        existing = {
            r.picking_id.id: r
            for r in Record.search([("picking_id", "in", pickings.ids)])
        }
        kg = self.env.ref("uom.product_uom_kgm", raise_if_not_found=False)
        creates = []
        touched = Record.browse()
        for picking in pickings:
            record = existing.get(picking.id)
            if picking.state == "cancel":
                if record:
                    record.unlink()
                continue
            values = picking._wx_delivery_values(kg)
            if record:
                if record.promised_at and not picking.sale_id.commitment_date:
                    values.pop("promised_at")
                record.write(values)
                touched |= record
            else:
                creates.append(values)
        return touched | Record.create(creates)

    # -- demo data -------------------------------------------------------------

    @api.model
    def _wx_demo_history(self, seed, warehouses, carriers, products, open_count):
        """Demo: the generated history (bulk SQL, the ORM would take minutes for
        tens of thousands of rows) and ``open_count`` real open orders."""
        from ..tools.generator import generate
        from ..tools.timeutil import local_to_utc, today_local

        end = today_local() - timedelta(days=1)
        rows = generate(seed=seed, end=end, days=600, open_days=3)
        states = {
            s.name: s.id
            for s in self.env["res.country.state"].search(
                [("country_id.code", "=", "CN")]
            )
        }
        customers = {}
        for partner in self.env["res.partner"].search(
            [("is_company", "=", True), ("state_id", "!=", False), ("city", "!=", False)]
        ):
            key = region_name(partner.state_id.name, partner.city)
            customers.setdefault(key, []).append(partner.id)
        company = self.env.company.id
        uid = self.env.uid
        history = [r for r in rows if r["delivered_at"]]
        for start in range(0, len(history), 2000):
            values = []
            for i, row in enumerate(history[start : start + 2000]):
                province, _sep, city = row["region"].partition("/")
                partners = customers.get(row["region"]) or [None]
                promised = local_to_utc(row["promised_at"])
                delivered = local_to_utc(row["delivered_at"])
                late = self._wx_is_late(promised, delivered)
                values.append(
                    SQL(
                        "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
                        "%s,%s,now() at time zone 'UTC',now() at time zone 'UTC')",
                        company,
                        partners[(start + i) % len(partners)],
                        states.get(province),
                        city,
                        row["region"],
                        warehouses.get(row["warehouse"]),
                        carriers.get(row["carrier"]),
                        local_to_utc(row["ordered_at"]),
                        promised,
                        delivered,
                        row["weight_kg"],
                        row["lines"],
                        row["perishable_share"],
                        row["temperature_c"],
                        row["rain_mm"],
                        late,
                        int((delivered - promised).total_seconds() // 60) if late else 0,
                        uid,
                        uid,
                    )
                )
            self.env.execute_query(
                SQL(
                    "INSERT INTO wx_delivery_record (company_id, partner_id,"
                    " state_id, city, region, warehouse_id, carrier_id, ordered_at,"
                    " promised_at, delivered_at, weight_kg, line_count,"
                    " perishable_share, temperature_c, rain_mm, is_late,"
                    " lateness_minutes, create_uid, write_uid, create_date,"
                    " write_date) VALUES %s",
                    SQL(",").join(values),
                )
            )
        self._wx_demo_open_orders(
            [r for r in rows if not r["delivered_at"]],
            warehouses,
            carriers,
            products,
            customers,
            open_count,
        )

    @api.model
    def _wx_demo_open_orders(self, rows, warehouses, carriers, products, customers, count):
        from ..tools.timeutil import local_to_utc

        rows = [r for r in rows if customers.get(r["region"])]
        if not rows or not count:
            return
        step = max(1, len(rows) // count)
        chosen = rows[::step][:count]
        Product = self.env["product.product"].browse(products)
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": customers[row["region"]][i % len(customers[row["region"]])],
                    "warehouse_id": warehouses.get(row["warehouse"]),
                    "carrier_id": carriers.get(row["carrier"]),
                    "commitment_date": local_to_utc(row["promised_at"]),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": Product[(i + n) % len(Product)].id,
                                "product_uom_qty": round(
                                    row["weight_kg"] / min(row["lines"], len(Product)), 1
                                )
                                or 1.0,
                            }
                        )
                        for n in range(min(row["lines"], len(Product)))
                    ],
                }
                for i, row in enumerate(chosen)
            ]
        )
        orders.action_confirm()
        for order, row in zip(orders, chosen, strict=True):
            order.write({"date_order": local_to_utc(row["ordered_at"])})
            order.picking_ids.with_context(wx_delivery_no_sync=True).write(
                {"carrier_id": carriers.get(row["carrier"])}
            )
        records = self.sudo().search([("order_id", "in", orders.ids)])
        self._wx_sync_pickings(records.picking_id)
        by_order = {r.order_id.id: r for r in records}
        for order, row in zip(orders, chosen, strict=True):
            record = by_order.get(order.id)
            if record and row["temperature_c"] is not None:
                record.write(
                    {"temperature_c": row["temperature_c"], "rain_mm": row["rain_mm"]}
                )
