# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WxSlaReviewController(http.Controller):
    @http.route(
        "/wx_sla/review/<int:review_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
    )
    def review_xlsx(self, review_id, **kwargs):
        """The weekly review as an XLSX workbook, for the users who may read
        it; anybody else gets a 404 (whether it exists is not disclosed)."""
        review = request.env["wx.sla.review"].browse(review_id)
        try:
            if not review.exists():
                raise NotFound()
            review.check_access("read")
            content = review._wx_xlsx()
        except (AccessError, MissingError):
            raise NotFound() from None
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                (
                    "Content-Disposition",
                    content_disposition(review._wx_xlsx_filename()),
                ),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )
