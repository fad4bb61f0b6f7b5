# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The login-free satisfaction survey (NPS 0-10, CSAT 1-5, comment).

The signed link is the credential; GET shows the form, POST records the
answer (a second answer updates it while the link is valid).
"""

import re

from odoo import http
from odoo.http import request

from ..tools import guard
from .common import client_key, error_page, too_many_requests, within_limits
from .h5 import FeedbackH5

SURVEY_ROUTE = "/fb/survey/<int:survey_id>/<string:token>"
COMMENT_MAX = 1000


class FeedbackSurvey(FeedbackH5):
    def _survey(self, survey_id, token):
        """``(survey, error_response)`` of a survey link."""
        request.update_context(lang=self._lang())
        if not within_limits((client_key("survey"), "h5_rate_limit_ip")):
            return None, too_many_requests()
        Survey = request.env["wx.feedback.survey"].sudo()
        survey = (
            Survey.browse(survey_id).exists()
            if guard.is_record_id(survey_id)
            else Survey
        )
        if not survey or not survey._check_token(token):
            return None, error_page(
                403,
                request.env._(
                    "This survey link is not valid. Please use the link of your"
                    " latest message."
                ),
            )
        request.update_context(lang=self._lang(survey.partner_id))
        if not survey._is_open():
            return None, error_page(
                410, request.env._("This survey has closed. Thank you anyway!")
            )
        return survey, None

    def _survey_page(self, survey, data=None, errors=None, status=200, done=False):
        values = {
            "survey": survey,
            "data": data
            or (
                {
                    "nps": str(survey.nps),
                    "csat": str(survey.csat),
                    "comment": survey.comment or "",
                }
                if survey.state == "answered"
                else {}
            ),
            "errors": errors or {},
            "done": done,
            "lang": request.env.lang,
            "action": request.httprequest.path,
        }
        return self._render("survey_page", values, status=status)

    @http.route(
        SURVEY_ROUTE,
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        readonly=True,
    )
    def survey_form(self, survey_id, token, **kw):
        survey, error = self._survey(survey_id, token)
        return error or self._survey_page(survey)

    @http.route(SURVEY_ROUTE, type="http", auth="public", methods=["POST"], csrf=False)
    def survey_submit(self, survey_id, token, **kw):
        survey, error = self._survey(survey_id, token)
        if error:
            return error
        form = request.httprequest.form
        data = {name: form.get(name, "") for name in ("nps", "csat", "comment")}
        errors = {}
        nps = int(data["nps"]) if re.fullmatch(r"\d{1,2}", data["nps"]) else -1
        csat = int(data["csat"]) if re.fullmatch(r"\d", data["csat"]) else -1
        if not 0 <= nps <= 10:
            errors["nps"] = request.env._("Choose a score from 0 to 10.")
        if not 1 <= csat <= 5:
            errors["csat"] = request.env._("Choose from 1 to 5 stars.")
        comment = data["comment"].strip()
        if len(comment) > COMMENT_MAX:
            errors["comment"] = request.env._(
                "The comment may be at most %(max)s characters.", max=COMMENT_MAX
            )
        if errors:
            return self._survey_page(survey, data, errors, status=400)
        survey._record_answer(nps, csat, comment)
        return self._survey_page(survey, done=True)
