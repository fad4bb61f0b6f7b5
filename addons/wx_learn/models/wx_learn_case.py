# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import threading
from datetime import datetime, timedelta
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, html2plaintext

from odoo.addons.wx_feedback.access import FEEDBACK_MANAGER, check_rights
from odoo.addons.wx_nlp import engine as nlp

from ..tools import similarity

# the fields whose change makes a new version of an approved case
CONTENT = ("name", "problem", "cause", "solution", "outcome")
# the fields the similarity index reads
INDEXED = ("name", "problem", "cause", "product_ids", "category_id", "tag_ids")

# Per-process similarity indexes: {(dbname, company id): _IndexEntry}.
# Every change of the library bumps res.company.wx_learn_case_version in the
# same transaction; a worker compares that number (one indexed read) with the
# version of its index before each search and, when it differs, reads the
# cases written since (an overlay, see _wx_index) or rebuilds from the stored
# terms. So another prefork worker learns of a new case on its next
# search after the commit, with no signal and no shared memory.
_indexes = {}
_index_lock = threading.Lock()
REBUILD_AFTER = 2000  # changed cases laid over an index before a rebuild
REBUILD_EVERY = timedelta(hours=1)
MARGIN = timedelta(minutes=10)


class _IndexEntry(NamedTuple):
    version: int
    index: object  # similarity.CaseIndex or OverlayIndex
    built_at: datetime
    since: datetime  # cases written from then on are re-read on a change


class WxLearnCase(models.Model):
    _name = "wx.learn.case"
    _description = "Solved Case"
    _inherit = ("mail.thread",)
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    problem = fields.Text(required=True)
    cause = fields.Text()
    solution = fields.Text(required=True)
    outcome = fields.Text(help="What the customer said or what changed after.")
    product_ids = fields.Many2many("product.product", string="Products")
    category_id = fields.Many2one("wx.feedback.category")
    tag_ids = fields.Many2many("helpdesk.ticket.tag", string="Tags")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "wx_learn_case_attachment_rel",
        "case_id",
        "attachment_id",
        string="Photos",
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Solved Ticket", readonly=True, check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    version = fields.Integer(default=1, readonly=True)
    version_ids = fields.One2many(
        "wx.learn.case.version", "case_id", string="Versions", readonly=True
    )
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_at = fields.Datetime(readonly=True)
    index_terms = fields.Text(
        readonly=True,
        help="The case's terms for similarity search (JSON list), computed"
        " when the case changes.",
    )
    suggestion_ids = fields.One2many("wx.learn.suggestion", "case_id")
    helpful_count = fields.Integer(compute="_compute_marks")
    not_helpful_count = fields.Integer(compute="_compute_marks")

    _state_version = models.Index("(company_id, state)")

    def _compute_marks(self):
        counts = {}
        groups = self.env["wx.learn.suggestion"]._read_group(
            [("case_id", "in", self.ids), ("mark", "!=", False)],
            ["case_id", "mark"],
            ["__count"],
        )
        for case, mark, count in groups:
            counts[(case.id, mark)] = count
        for case in self:
            case.helpful_count = counts.get((case.id, "helpful"), 0)
            case.not_helpful_count = counts.get((case.id, "not_helpful"), 0)

    # ------------------------------------------------------------------ ORM

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        if not self.env.su:
            # a proposal is a proposal, whoever files it: approval is an action
            for vals in vals_list:
                vals.pop("state", None)
        cases = super().create(vals_list)
        cases._wx_compute_terms()
        cases._wx_bump_version()
        return cases

    def write(self, vals):
        self.check_access("write")
        if "state" in vals and not self.env.su:
            raise UserError(self.env._("Use Approve or Reject to change the state."))
        approved = self.browse()
        if set(CONTENT) & set(vals):
            approved = self.filtered(lambda c: c.state == "approved")
            for case in approved:
                case._wx_snapshot()
        result = super().write(vals)
        if approved:
            for case in approved:
                case.sudo().write({"version": case.version + 1})
        if set(INDEXED) & set(vals):
            self._wx_compute_terms()
        if set(INDEXED) & set(vals) or "state" in vals or "company_id" in vals:
            self._wx_bump_version()
        return result

    def unlink(self):
        self.check_access("unlink")
        companies = self.company_id
        result = super().unlink()
        for company in companies:
            self._wx_bump_version(company)
        return result

    def _wx_snapshot(self):
        self.ensure_one()
        self.env["wx.learn.case.version"].sudo().create(
            {
                "case_id": self.id,
                "version": self.version,
                **{name: self[name] for name in CONTENT},
                "approved_by_id": self.approved_by_id.id,
            }
        )

    # ------------------------------------------------------------------ actions

    def action_approve(self):
        check_rights(self, FEEDBACK_MANAGER, "write")
        if self.filtered(lambda c: c.state == "approved"):
            raise UserError(self.env._("This case is already approved."))
        self.sudo().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "approved_at": fields.Datetime.now(),
            }
        )
        return True

    def action_reject(self):
        check_rights(self, FEEDBACK_MANAGER, "write")
        self.sudo().write({"state": "rejected"})
        return True

    def action_reset_to_proposed(self):
        check_rights(self, FEEDBACK_MANAGER, "write")
        self.sudo().write({"state": "proposed"})
        return True

    # ------------------------------------------------------------------ index

    def _wx_text(self):
        self.ensure_one()
        parts = [self.name, self.problem, self.cause]
        parts += self.product_ids.mapped("name")
        parts += self.tag_ids.mapped("name")
        if self.category_id:
            parts.append(self.category_id.name)
        return "\n".join(p for p in parts if p)

    def _wx_compute_terms(self):
        engine = nlp.get_engine()
        for case in self:
            terms = similarity.text_terms(case._wx_text(), engine)
            case.sudo().write({"index_terms": json.dumps(terms, ensure_ascii=False)})

    def init(self):
        # versions come from a sequence, which a rollback does not rewind: a
        # version number is never given to two different libraries
        self.env.execute_query(
            SQL("CREATE SEQUENCE IF NOT EXISTS wx_learn_case_version_seq")
        )

    def _wx_bump_version(self, companies=None):
        companies = companies or self.company_id
        for company in companies:
            self.env.execute_query(
                SQL(
                    "UPDATE res_company SET wx_learn_case_version ="
                    " nextval('wx_learn_case_version_seq') WHERE id = %s",
                    company.id,
                )
            )
        companies.invalidate_recordset(["wx_learn_case_version"])

    @api.model
    def _wx_index(self, company):
        """The similarity index of ``company``'s approved cases (see
        ``_indexes``). When the library changed, the cases written since the
        index was built are laid over it (no rebuild); a full rebuild happens
        on the first search, after deletions (the count disagrees), past
        ``REBUILD_AFTER`` changed cases or once the base is an hour old."""
        [(version, now)] = self.env.execute_query(
            SQL(
                "SELECT COALESCE(wx_learn_case_version, 0),"
                " now() at time zone 'UTC' FROM res_company WHERE id = %s",
                company.id,
            )
        )
        # raw SQL below: the ORM's pending writes first
        self.flush_model(["state", "index_terms", "company_id"])
        key = (self.env.cr.dbname, company.id)
        cached = _indexes.get(key)
        if cached and cached.version == version:
            return cached.index
        if cached and now - cached.built_at < REBUILD_EVERY:
            index = self._wx_index_update(company, cached)
            if index is not None:
                entry = _IndexEntry(version, index, cached.built_at, cached.since)
                with _index_lock:
                    _indexes[key] = entry
                return index
        # transactions still open may write cases dated before now: the next
        # incremental pass re-reads a margin before the build
        rows = self.env.execute_query(
            SQL(
                "SELECT id, index_terms FROM wx_learn_case"
                " WHERE company_id = %s AND state = 'approved'"
                " AND index_terms IS NOT NULL",
                company.id,
            )
        )
        index = similarity.CaseIndex((cid, json.loads(terms)) for cid, terms in rows)
        with _index_lock:
            _indexes[key] = _IndexEntry(version, index, now, now - MARGIN)
        return index

    def _wx_index_update(self, company, cached):
        """``cached``'s index with the cases written since it was built, or
        None when a full rebuild is due."""
        rows = self.env.execute_query(
            SQL(
                "SELECT id, state = 'approved' AND index_terms IS NOT NULL,"
                " index_terms FROM wx_learn_case"
                " WHERE company_id = %s AND write_date >= %s",
                company.id,
                cached.since,
            )
        )
        changed = [(cid, json.loads(terms)) for cid, live, terms in rows if live]
        removed = [cid for cid, live, _terms in rows if not live]
        index = cached.index.with_changes(changed, removed)
        if index.changes > REBUILD_AFTER:
            return None
        [(count,)] = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM wx_learn_case WHERE company_id = %s"
                " AND state = 'approved' AND index_terms IS NOT NULL",
                company.id,
            )
        )
        return index if count == len(index) else None

    @api.model
    def _wx_similar(self, text, company, limit=3, exclude=()):
        """``[(case, score, shared terms)]``: the approved cases of
        ``company`` most similar to ``text``."""
        text = html2plaintext(text or "") if "<" in (text or "") else text
        terms = similarity.text_terms(text or "", nlp.get_engine())
        found = self._wx_index(company).query(terms, limit, exclude)
        existing = set(self.browse([cid for cid, _s, _t in found]).exists().ids)
        return [
            (self.browse(cid), score, shared)
            for cid, score, shared in found
            if cid in existing
        ]
