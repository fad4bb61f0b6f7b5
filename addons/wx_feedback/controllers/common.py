# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the portal form and the H5 page share: reading the submitted form."""

from odoo.http import request

from ..tools import uploads

FORM_FIELDS = (
    "rating",
    "rating_delivery",
    "rating_freshness",
    "rating_service",
    "description",
    "phone",
)
# read one byte past the largest allowed file so an oversized one is named
READ_LIMIT = uploads.MAX_VIDEO_BYTES + 1


def read_form():
    """``(data, files)`` of the posted feedback form, unchecked."""
    form = request.httprequest.form
    data = {name: form.get(name) for name in FORM_FIELDS}
    data["categories"] = form.getlist("categories")
    files = [
        (storage.filename or "upload", storage.stream.read(READ_LIMIT))
        for storage in request.httprequest.files.getlist("attachments")
        if storage.filename
    ]
    return data, files


def form_categories(order):
    """The categories the form offers for ``order``: its company's."""
    return request.env["wx.feedback.category"]._wx_for_company(order.company_id)


def default_form_data(partner):
    """What the form shows before the first submission: the contact's phone."""
    return {"phone": partner.phone or partner.commercial_partner_id.phone or ""}
