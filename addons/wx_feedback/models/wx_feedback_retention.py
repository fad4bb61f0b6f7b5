# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Storage limitation (PIPL Art. 19, 47(一)): the photos and videos
customers attach to feedback are deleted once the company's retention period
has passed; the feedback itself, its ratings and text stay."""

from datetime import timedelta

from odoo import api, fields, models

from .wx_personal_data import MEDIA_DOMAIN


class WxFeedback(models.Model):
    _inherit = "wx.feedback"

    @api.model
    def _wx_media_purge_domain(self, company):
        """Customer photos and videos of ``company``'s feedback last submitted
        (created, updated or followed up) more than its retention period ago:
        every file of such a feedback is older than that. None: the company
        keeps them."""
        days = company.wx_media_retention_days
        if days <= 0:
            return None
        cutoff = fields.Datetime.now() - timedelta(days=days)
        feedback = self.sudo().with_context(active_test=False)
        return [
            ("res_model", "=", self._name),
            (
                "res_id",
                "in",
                feedback._search(
                    [("company_id", "=", company.id), ("submitted_at", "<", cutoff)]
                ),
            ),
            *MEDIA_DOMAIN,
        ]

    @api.model
    def _wx_purge_media_batch(self, company, limit=200):
        """Delete one batch of expired files of ``company`` (and their copies
        on the tickets), record it as an audit event; return its size."""
        domain = self._wx_media_purge_domain(company)
        if domain is None:
            return 0
        Attachment = self.env["ir.attachment"].sudo()
        files = Attachment.search(domain, limit=limit, order="id")
        if not files:
            return 0
        feedback = self.sudo().browse(set(files.mapped("res_id")))
        checksums = [c for c in files.mapped("checksum") if c]
        tickets = feedback.ticket_id
        if tickets and checksums:
            files |= Attachment.search(
                [
                    ("res_model", "=", "helpdesk.ticket"),
                    ("res_id", "in", tickets.ids),
                    ("checksum", "in", checksums),
                ]
            )
        count = len(files)
        files.unlink()
        self.env["wx.audit.event"]._wx_record(
            "delete",
            feedback,
            detail=f"media retention ({company.wx_media_retention_days} days,"
            f" company {company.id}): {count} files",
        )
        return count

    @api.model
    def _cron_purge_media(self, limit=200):
        """Delete the expired customer photos and videos of every company, in
        committed batches (resumable: the next run continues)."""
        Cron = self.env["ir.cron"]
        Attachment = self.env["ir.attachment"].sudo()
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("wx_media_retention_days", ">", 0)], order="id")
        )
        for company in companies:
            while done := self._wx_purge_media_batch(company, limit):
                remaining = Attachment.search_count(
                    self._wx_media_purge_domain(company)
                )
                if Cron._commit_progress(done, remaining=remaining) <= 0:
                    return
