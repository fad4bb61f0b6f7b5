# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import Command, api, fields, models
from odoo.tools import SQL

from odoo.addons.wx_feedback.access import check_rights

from ..tools import learn
from ..tools.features import HEAVY_RAIN_MM, HOT_C
from ..tools.generator import region_name
from ..tools.outcomes import outcome_summary
from ..tools.timeutil import TZ, today_local, utc_to_local
from .wx_delivery_risk_mixin import RISK_LEVELS


def _text(value):
    """A translatable name (jsonb) as one plain string."""
    if isinstance(value, dict):
        return value.get("en_US") or next(iter(value.values()), "")
    return value or ""


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
        "sale.order", index="btree_not_null", ondelete="set null"
    )
    # stored: the Delivery Risk list filters on it for logistics staff, who
    # need not read sales orders
    order_state = fields.Selection(
        related="order_id.state", store=True, string="Order Status"
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
    warehouse_id = fields.Many2one("stock.warehouse", index=True)
    carrier_id = fields.Many2one("delivery.carrier", index=True)
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

    risk_score = fields.Float(
        string="Delay Risk", digits=(3, 2), readonly=True, aggregator="avg"
    )
    risk_level = fields.Selection(
        RISK_LEVELS,
        readonly=True,
        index=True,
    )
    risk_reasons = fields.Text(readonly=True)
    risk_scored_at = fields.Datetime(readonly=True)
    risk_model_id = fields.Many2one(
        "wx.delivery.model", readonly=True, ondelete="set null"
    )
    warned_at = fields.Datetime(
        readonly=True, help="When a high risk raised the logistics warning."
    )
    customer_notified_at = fields.Datetime(readonly=True)

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

    # -- history and scoring -------------------------------------------------

    @api.model
    def action_wx_score(self):
        """Score the open deliveries of the current company now."""
        check_rights(self.browse(), "wx_delivery.group_wx_delivery_user")
        count = self.sudo()._wx_score_open(self.env.company)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("%(count)s open deliveries scored.", count=count),
                "type": "success",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    @api.model
    def _wx_fill_weather(self, company):
        """The weather of each delivery's region on its promised (local) day,
        from ``wx.delivery.weather`` (the company's own rows before the
        shared ones): open deliveries take the latest forecast, delivered
        ones keep what they had and fill only what was empty."""
        self.env.flush_all()
        self.env.execute_query(
            SQL(
                """UPDATE wx_delivery_record r
                      SET temperature_c = w.temperature_c, rain_mm = w.rain_mm
                     FROM (SELECT DISTINCT ON (r2.id) r2.id AS record_id,
                                  w2.temperature_c, w2.rain_mm
                             FROM wx_delivery_record r2
                             JOIN wx_delivery_weather w2
                               ON w2.region = r2.region
                              AND w2.date = (r2.promised_at AT TIME ZONE 'UTC'
                                             AT TIME ZONE %s)::date
                              AND (w2.company_id = r2.company_id
                                   OR w2.company_id IS NULL)
                            WHERE r2.company_id = %s
                              AND (r2.delivered_at IS NULL
                                   OR (r2.temperature_c IS NULL
                                       AND r2.rain_mm IS NULL))
                         ORDER BY r2.id, w2.company_id NULLS LAST) w
                    WHERE r.id = w.record_id
                      AND (r.temperature_c IS DISTINCT FROM w.temperature_c
                           OR r.rain_mm IS DISTINCT FROM w.rain_mm)""",
                TZ,
                company.id,
            )
        )
        self.invalidate_model(["temperature_c", "rain_mm"])

    @api.model
    def _wx_history_rows(self, company, delivered=None, ids=None, weather=True):
        """Rows of the CSV schema (tools/history.py) for ``company``, local
        time: ``delivered`` True = delivered only, False = open only. With
        ``weather``, the weather table fills the rows' weather first
        (:meth:`_wx_fill_weather`)."""
        if weather:
            self._wx_fill_weather(company)
        else:
            self.env.flush_all()  # raw SQL below: the pending ORM writes first
        where = [SQL("r.company_id = %s", company.id)]
        if delivered is True:
            where.append(SQL("r.delivered_at IS NOT NULL"))
        elif delivered is False:
            where.append(SQL("r.delivered_at IS NULL"))
        if ids is not None:
            where.append(SQL("r.id = ANY(%s)", list(ids)))
        query = SQL(
            """SELECT r.id, so.name, r.partner_id, r.region, w.name, c.name,
                      COALESCE(r.ordered_at, r.promised_at)
                          AT TIME ZONE 'UTC' AT TIME ZONE %s,
                      r.promised_at AT TIME ZONE 'UTC' AT TIME ZONE %s,
                      r.delivered_at AT TIME ZONE 'UTC' AT TIME ZONE %s,
                      r.weight_kg,
                      r.line_count, r.perishable_share, r.temperature_c, r.rain_mm
                 FROM wx_delivery_record r
            LEFT JOIN sale_order so ON so.id = r.order_id
            LEFT JOIN stock_warehouse w ON w.id = r.warehouse_id
            LEFT JOIN delivery_carrier c ON c.id = r.carrier_id
                WHERE %s AND r.promised_at IS NOT NULL
             ORDER BY r.ordered_at, r.id""",
            TZ,
            TZ,
            TZ,
            SQL(" AND ").join(where),
        )
        rows = []
        for (
            rid,
            order,
            partner,
            region,
            warehouse,
            carrier,
            ordered,
            promised,
            delivered_at,
            weight,
            lines,
            perishable,
            temperature,
            rain,
        ) in self.env.execute_query(query):
            rows.append(
                {
                    "id": rid,
                    "order_id": order or f"R{rid}",
                    "customer_id": str(partner or ""),
                    "region": region or "",
                    "warehouse": _text(warehouse),
                    "carrier": _text(carrier),
                    "ordered_at": ordered,
                    "promised_at": promised,
                    "delivered_at": delivered_at,
                    "weight_kg": weight,
                    "lines": lines or 0,
                    "perishable_share": perishable,
                    "temperature_c": temperature,
                    "rain_mm": rain,
                }
            )
        return rows

    @api.model
    def _wx_outcomes(self, company):
        """Warnings against outcomes of the company's delivered orders
        (tools/outcomes.py); a complaint is a dissatisfied feedback on the
        order (wx_feedback's rule)."""
        self.env.flush_all()
        delivered = self.env.execute_query(
            SQL(
                """SELECT r.order_id, r.warned_at IS NOT NULL, r.is_late
                     FROM wx_delivery_record r
                    WHERE r.company_id = %s AND r.delivered_at IS NOT NULL
                      AND r.order_id IS NOT NULL""",
                company.id,
            )
        )
        complained = set(
            self.env["wx.feedback"]
            .sudo()
            .search(
                [
                    ("order_id", "in", list({order for order, _w, _l in delivered})),
                    ("wx_dissatisfied", "=", True),
                ]
            )
            .order_id.ids
        )
        triples = [(w, late, order in complained) for order, w, late in delivered]
        return outcome_summary(triples)

    @api.model
    def _cron_score(self):
        Model = self.env["wx.delivery.model"].sudo()
        for company in Model.search([("state", "=", "active")]).company_id:
            self.sudo()._wx_score_open(company)
            self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _wx_score_open(self, company, ids=None):
        """Score every open delivery of ``company`` (or the open ones of
        ``ids``) with its active model, then warn on their new high risks.
        Returns how many were scored."""
        model_record = self.env["wx.delivery.model"]._wx_active(company)
        if not model_record:
            return 0
        open_ids = self._wx_open_ids(company)
        if ids is not None:
            open_ids = sorted(set(open_ids) & set(ids))
        # the reasons are written for the company's staff, in its language,
        # whoever (the hourly cron, a user's Score Now) scores
        count = self.with_context(lang=company._wx_lang())._wx_score_ids(
            company, model_record, open_ids
        )
        self._wx_warn(company, open_ids)
        return count

    @api.model
    def _wx_score_ids(self, company, model_record, ids):
        """Score the open records ``ids`` of ``company`` with ``model_record``
        (bulk update, no warning). Returns how many were scored."""
        model = model_record._wx_model()
        # rows a concurrent scoring run holds or has just scored are its own
        ids = self._wx_claim(ids)
        if not ids:
            return 0
        open_rows = self._wx_history_rows(company, delivered=False, ids=ids)
        if not open_rows:
            return 0
        # the weather was filled just above
        known = self._wx_history_rows(company, delivered=True, weather=False)
        now = fields.Datetime.now()
        as_of = utc_to_local(now)
        X, rates = model.features(
            open_rows, known, as_of=as_of, loads=open_rows + known
        )
        scores = model.predict_matrix(X, open_rows)
        reference = model.report.get("reference") or learn.reference_values(X).tolist()
        reasons = learn.explain(model, X, open_rows, rates, reference)
        medium, high = company._wx_delivery_thresholds()
        values = []
        for row, score, why in zip(open_rows, scores, reasons, strict=True):
            values.append(
                SQL(
                    "(%s, %s, %s, %s)",
                    row["id"],
                    float(score),
                    learn.risk_level(float(score), medium, high),
                    "\n".join(
                        self._wx_reason_text(code, details) for code, details in why
                    ),
                )
            )
        for start in range(0, len(values), 5000):
            self.env.execute_query(
                SQL(
                    """UPDATE wx_delivery_record r
                          SET risk_score = v.score, risk_level = v.level,
                              risk_reasons = v.reasons, risk_scored_at = %s,
                              risk_model_id = %s
                         FROM (VALUES %s) AS v(id, score, level, reasons)
                        WHERE r.id = v.id""",
                    now,
                    model_record.id,
                    SQL(",").join(values[start : start + 5000]),
                )
            )
        self.invalidate_model(
            [
                "risk_score",
                "risk_level",
                "risk_reasons",
                "risk_scored_at",
                "risk_model_id",
            ]
        )
        return len(open_rows)

    @api.model
    def _wx_claim(self, ids):
        """Lock the rows ``ids`` for this transaction and return those locked.

        Rows locked by another transaction (a concurrent scoring run: the
        hourly cron and a user's *Score Now*) are skipped; rows another one
        changed and committed after this transaction began are all skipped
        (PostgreSQL's serialization failure, caught: that run scored and
        warned them). So a delivery is scored, and its warnings sent, by one
        run only."""
        ids = list(ids)
        if not ids:
            return []
        self.env.flush_all()
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    SQL(
                        """SELECT id FROM wx_delivery_record WHERE id = ANY(%s)
                           ORDER BY id FOR NO KEY UPDATE SKIP LOCKED""",
                        ids,
                    ),
                    log_exceptions=False,
                )
                return [rid for (rid,) in cr.fetchall()]
        except SerializationFailure:
            return []

    @api.model
    def _wx_open_ids(self, company):
        """Open deliveries still to dispatch: no delivery date, the picking
        neither done nor cancelled, the order confirmed."""
        self.env.flush_all()
        return [
            rid
            for (rid,) in self.env.execute_query(
                SQL(
                    """SELECT r.id FROM wx_delivery_record r
                         JOIN stock_picking p ON p.id = r.picking_id
                         JOIN sale_order so ON so.id = r.order_id
                        WHERE r.company_id = %s AND r.delivered_at IS NULL
                          AND p.state NOT IN ('done', 'cancel')
                          AND so.state = 'sale'""",
                    company.id,
                )
            )
        ]

    @api.model
    def _wx_weather_reason_text(self, code, d):
        """ "heavy rain forecast (40 mm)", "heat forecast 36 °C"..."""
        value = d["mm"] if code == "rain" else d["celsius"]
        if value is None:
            return self.env._("no weather forecast for this day")
        if code == "rain":
            if value >= HEAVY_RAIN_MM:
                return self.env._("heavy rain forecast (%(mm)s mm)", mm=round(value))
            return self.env._("rain forecast %(mm)s mm", mm=round(value, 1))
        if value >= HOT_C:
            return self.env._("heat forecast %(celsius)s °C", celsius=round(value))
        if value <= 0:
            return self.env._("frost forecast %(celsius)s °C", celsius=round(value))
        return self.env._("temperature forecast %(celsius)s °C", celsius=round(value))

    @api.model
    def _wx_reason_text(self, code, d):
        if code == "carrier":
            return self.env._(
                "carrier %(carrier)s late %(rate)s%% recently",
                carrier=d["carrier"],
                rate=round(100 * d["rate"]),
            )
        if code == "region":
            return self.env._(
                "deliveries to %(region)s late %(rate)s%% recently",
                region=d["region"],
                rate=round(100 * d["rate"]),
            )
        if code == "carrier_region":
            return self.env._(
                "carrier %(carrier)s in %(region)s late %(rate)s%%",
                carrier=d["carrier"],
                region=d["region"],
                rate=round(100 * d["rate"]),
            )
        if code == "load":
            return self.env._(
                "warehouse load %(ratio)sx normal", ratio=f"{d['ratio']:.1f}"
            )
        if code in ("rain", "temperature"):
            return self._wx_weather_reason_text(code, d)
        if code == "holiday":
            if d["after"]:
                return self.env._("day %(day)s after a public holiday", day=d["after"])
            if d["before"]:
                return self.env._(
                    "%(days)s days before a public holiday", days=d["before"]
                )
            return self.env._("public holiday")
        if code == "timing":
            return self.env._(
                "promised at %(hour)s:00 with %(lead)s h lead time",
                hour=int(d["hour"]),
                lead=round(d["lead_hours"]),
            )
        if code == "size":
            return self.env._(
                "large order: %(kg)s kg, %(lines)s lines",
                kg=round(d["kg"]),
                lines=d["lines"],
            )
        return self.env._("this customer's deliveries are often late")

    @api.model
    def _wx_warn(self, company, ids):
        """A To-Do for the logistics team leader on each new high risk among
        the deliveries ``ids``, and
        (when configured) a message to the customer before the promised time:
        once per delivery (the rows are claimed first, :meth:`_wx_claim`)."""
        leader = company.wx_delivery_leader_id
        now = fields.Datetime.now()
        candidates = self.search(
            [
                ("id", "in", list(ids)),
                ("company_id", "=", company.id),
                ("risk_level", "=", "high"),
                ("warned_at", "=", False),
                ("delivered_at", "=", False),
                ("order_id", "!=", False),
                ("promised_at", ">", now),
            ]
        )
        records = self.browse(self._wx_claim(candidates.ids))
        if not records:
            return
        for record in records:
            order = record.order_id
            if leader:
                staff = order.with_context(lang=company._wx_lang(recipient=leader))
                staff.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=fields.Date.context_today(self),
                    summary=staff.env._("Delivery at risk of being late"),
                    note=record.risk_reasons or "",
                    user_id=leader.id,
                )
            if (
                company.wx_delivery_notify_customer
                and order._wx_delivery_notify_customer()
            ):
                record.customer_notified_at = now
        records.warned_at = now

    # -- demo data -------------------------------------------------------------

    @api.model
    def _wx_demo_warehouses(self, codes):
        """Demo: ``{name: id}`` of the warehouses ``{name: short name}`` of
        the current company, created when missing."""
        Warehouse = self.env["stock.warehouse"]
        company = self.env.company
        result = {}
        for name, code in codes.items():
            domain = [("code", "=", code), ("company_id", "=", company.id)]
            warehouse = Warehouse.search(domain, limit=1) or Warehouse.create(
                {"name": name, "code": code, "company_id": company.id}
            )
            result[name] = warehouse.id
        return result

    @api.model
    def _wx_demo_history(self, seed, warehouses, carriers, products, open_events):
        """Demo: the generated history (bulk SQL, the ORM would take minutes for
        tens of thousands of rows) and every order of its open days as a real
        open order (the warehouses' loads on those days count them), with
        what ``open_events`` puts into those days (``tools/generator.py``: a
        storm forecast, a warehouse's rush).
        ``warehouses``: the generator's warehouse names -> short names."""
        from ..tools.generator import generate

        warehouses = self._wx_demo_warehouses(warehouses)

        end = today_local() - timedelta(days=1)
        # today's and tomorrow's orders (lead times are 10 to 48 hours)
        rows = generate(
            seed=seed, end=end, days=600, open_days=2, open_events=open_events
        )
        customers = {}
        for partner in self.env["res.partner"].search(
            [
                ("is_company", "=", True),
                ("state_id", "!=", False),
                ("city", "!=", False),
                # not a company of this database (deliveries to it are transfers)
                ("id", "not in", self.env["res.company"].search([]).partner_id.ids),
            ]
        ):
            key = region_name(partner.state_id.name, partner.city)
            customers.setdefault(key, []).append(partner.id)
        self._wx_insert_rows(
            [r for r in rows if r["delivered_at"]],
            self.env.company,
            warehouses,
            carriers,
            customers,
        )
        self._wx_demo_open_orders(
            [r for r in rows if not r["delivered_at"]],
            warehouses,
            carriers,
            products,
            customers,
        )
        self._wx_demo_weather(rows)

    @api.model
    def _wx_insert_rows(self, rows, company, warehouses, carriers, customers=None):
        """Bulk-insert generated rows (demo data, benches): the ORM would take
        minutes for tens of thousands of rows. ``warehouses`` / ``carriers``
        map the rows' names to ids; ``customers`` region -> partner ids.
        Returns the new ids."""
        from ..tools.timeutil import local_to_utc

        customers = customers or {}
        states = {
            s.name: s.id
            for s in self.env["res.country.state"].search(
                [("country_id.code", "=", "CN")]
            )
        }
        uid = self.env.uid
        ids = []
        for start in range(0, len(rows), 2000):
            values = []
            for i, row in enumerate(rows[start : start + 2000]):
                province, _sep, city = row["region"].partition("/")
                partners = customers.get(row["region"]) or [None]
                promised = local_to_utc(row["promised_at"])
                delivered = local_to_utc(row["delivered_at"])
                late = self._wx_is_late(promised, delivered)
                values.append(
                    SQL(
                        "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
                        "%s,%s,now() at time zone 'UTC',now() at time zone 'UTC')",
                        company.id,
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
                        int((delivered - promised).total_seconds() // 60)
                        if late
                        else 0,
                        uid,
                        uid,
                    )
                )
            ids += [
                rid
                for (rid,) in self.env.execute_query(
                    SQL(
                        "INSERT INTO wx_delivery_record (company_id, partner_id,"
                        " state_id, city, region, warehouse_id, carrier_id, ordered_at,"
                        " promised_at, delivered_at, weight_kg, line_count,"
                        " perishable_share, temperature_c, rain_mm, is_late,"
                        " lateness_minutes, create_uid, write_uid, create_date,"
                        " write_date) VALUES %s RETURNING id",
                        SQL(",").join(values),
                    )
                )
            ]
        return ids

    @api.model
    def _wx_demo_open_orders(self, rows, warehouses, carriers, products, customers):
        """Demo: a confirmed order for each open generated row (of a region
        with demo customers), shipped from its warehouse. Orders and
        deliveries get XML ids of wx_delivery, so uninstalling it removes
        them (confirmed orders and their open moves may be deleted at
        uninstall)."""
        from ..tools.timeutil import local_to_utc

        chosen = [r for r in rows if customers.get(r["region"])]
        if not chosen:
            return
        Product = self.env["product.product"].browse(products)
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": customers[row["region"]][
                        i % len(customers[row["region"]])
                    ],
                    "warehouse_id": warehouses[row["warehouse"]],
                    "carrier_id": carriers.get(row["carrier"]),
                    "commitment_date": local_to_utc(row["promised_at"]),
                    "order_line": [
                        Command.create(
                            {
                                "product_id": Product[(i + n) % len(Product)].id,
                                "product_uom_qty": round(
                                    row["weight_kg"] / min(row["lines"], len(Product)),
                                    1,
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
        self.env["ir.model.data"]._update_xmlids(
            [
                {
                    "xml_id": f"wx_delivery.sale_order_open_{n:03d}_demo",
                    "record": order,
                    "noupdate": True,
                }
                for n, order in enumerate(orders, start=1)
            ]
            + [
                {
                    "xml_id": f"wx_delivery.stock_picking_open_{n:03d}_{k}_demo",
                    "record": picking,
                    "noupdate": True,
                }
                for n, order in enumerate(orders, start=1)
                for k, picking in enumerate(order.picking_ids, start=1)
            ]
        )
        records = self.sudo().search([("order_id", "in", orders.ids)])
        self._wx_sync_pickings(records.picking_id)

    @api.model
    def _wx_demo_weather(self, rows, history_days=30):
        """Demo weather: the generated weather of each region for the open
        days (the forecast) and the last ``history_days`` days."""
        last = max(r["promised_at"] for r in rows).date()
        first = last - timedelta(days=history_days)
        days = {}
        for row in rows:
            day = row["promised_at"].date()
            if day >= first and row["rain_mm"] is not None:
                days[row["region"], day] = (row["temperature_c"], row["rain_mm"])
        self.env["wx.delivery.weather"].create(
            [
                {
                    "region": region,
                    "date": day,
                    "temperature_c": temperature,
                    "rain_mm": rain,
                    "source": "provider" if day >= today_local() else "manual",
                }
                for (region, day), (temperature, rain) in sorted(days.items())
            ]
        )
