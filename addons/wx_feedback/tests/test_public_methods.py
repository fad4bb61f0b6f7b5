# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import inspect

from odoo import fields
from odoo.exceptions import AccessError
from odoo.orm.model_classes import is_model_definition
from odoo.service.model import call_kw, get_public_method
from odoo.tests import tagged

from .common import WxFeedbackCommon
from .public_methods import ORM_METHODS, PUBLIC_METHODS

WX_ADDONS = tuple(PUBLIC_METHODS)


def _review(case, model=None):
    Review = case.env["wx.sla.review"]
    return Review.search([], limit=1) or Review._wx_generate(fields.Date.today())


# records of the models without one in a database without demo data (the
# others are created with no values)
FACTORIES = {
    "wx.sla.review": _review,
    "wx.sla.review.action": lambda case, model: model.create(
        {"review_id": _review(case).id, "name": "Call the customer back"}
    ),
    "wx.sla.review.problem": lambda case, model: model.create(
        {"review_id": _review(case).id, "rank": 1, "kind": "keyword", "keyword": "烂"}
    ),
    "wx.data.request": lambda case, model: model.create(
        {"partner_id": case.contact_a.id, "request_type": "access"}
    ),
    "wx.churn.alert": lambda case, model: model.create(
        {"partner_id": case.customer_a.id}
    ),
    "wx.push.message": lambda case, model: model.create(
        {
            "name": "Test",
            "event": "urgent",
            "channel": "wecom_robot",
            "dedupe_key": "test:public-methods",
            "state": "dead",
        }
    ),
    "wx.feedback.link.wizard": lambda case, model: model.create(
        {"order_id": case.delivered_order(case.customer_a).id}
    ),
    "wx.insight.dashboard.line": lambda case, model: model.create(
        {
            "dashboard_id": case.env["wx.insight.dashboard"].create({}).id,
            "measure": "kpi",
        }
    ),
    "wx.churn.tier.history": lambda case, model: model.create(
        {"partner_id": case.customer_a.id, "reason": "computed"}
    ),
    "wx.delivery.model": lambda case, model: model.create(
        {"name": "Public methods (test)"}
    ),
}


def public_methods(env):
    """``{addon: {model: {method}}}`` of the methods that ``call_kw`` and
    JSON-2 accept and that a class of a wx addon defines or redefines (the
    inherited methods of core and OCA classes are theirs)."""
    found = {}
    for model_name, model_cls in env.registry.items():
        for cls in model_cls.__mro__:
            if not (
                is_model_definition(cls)
                and cls._module in WX_ADDONS
                and cls._name == model_name
            ):
                continue
            for name, value in vars(cls).items():
                if name.startswith("_") or not callable(value):
                    continue
                try:
                    get_public_method(env[model_name], name)
                except AccessError:
                    continue  # @api.private
                found.setdefault(cls._module, {}).setdefault(model_name, set()).add(
                    name
                )
    return found


@tagged("post_install", "-at_install")
class TestPublicMethods(WxFeedbackCommon):
    """Every public method of the wx addons is reviewed, and none does any
    work for a user without the rights it needs."""

    def installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", WX_ADDONS), ("state", "=", "installed")]
        )
        return set(modules.mapped("name"))

    def test_every_public_method_is_reviewed(self):
        found = public_methods(self.env)
        self.assertIn("wx.feedback", found["wx_feedback"], "the walk found nothing")
        unreviewed = [
            f"{addon}: {model}.{method}"
            for addon, models in found.items()
            for model, methods in models.items()
            for method in sorted(methods)
            if not PUBLIC_METHODS.get(addon, {}).get(model, {}).get(method)
        ]
        self.assertFalse(
            unreviewed,
            "Public methods are callable by any logged-in user over RPC: make"
            " these private (_name or @api.private) or make them check the"
            " rights first and list them in wx_feedback/tests/public_methods.py",
        )
        stale = [
            f"{addon}: {model}.{method}"
            for addon in self.installed()
            for model, methods in PUBLIC_METHODS[addon].items()
            for method in methods
            if method not in found.get(addon, {}).get(model, set())
        ]
        self.assertFalse(stale, "listed but no longer public: remove them")

    def test_a_portal_customer_can_call_none(self):
        """Called as a portal customer over ``call_kw`` on a record the
        customer can read when there is one (whatever the arguments), every
        reviewed method refuses with AccessError and changes nothing."""
        feedback = self.env["wx.feedback"].create(
            {"partner_id": self.contact_a.id, "rating": 2, "description": "烂了"}
        )
        self.assertTrue(feedback.with_user(self.portal_a).has_access("read"))
        for addon in sorted(self.installed()):
            for model_name, methods in PUBLIC_METHODS[addon].items():
                Model = self.env[model_name]
                if Model._abstract:
                    # a mixin: called on a model that uses it
                    Model = next(
                        self.env[child]
                        for child in sorted(Model._inherit_children)
                        if not self.env[child]._abstract
                    )
                record = self.record_for(Model, feedback)
                for method in sorted(methods):
                    with self.subTest(model=model_name, method=method):
                        self.assert_refused(record, method)

    def record_for(self, Model, feedback):
        """A record of ``Model`` the portal customer can read, else any."""
        if Model._name == "wx.feedback":
            return feedback
        portal_model = Model.with_user(self.portal_a)
        if portal_model.has_access("read"):
            mine = portal_model.search([], limit=1)
            if mine:
                return mine.sudo()
        record = Model.search([], limit=1)
        if not record:
            make = FACTORIES.get(Model._name, lambda case, model: model.create({}))
            record = make(self, Model)
        self.assertTrue(record, f"no {Model._name} to call the methods on")
        return record

    def assert_refused(self, record, method):
        model = record.with_user(self.portal_a)
        function = get_public_method(model, method)
        if method == "create":
            args = [[{}]]
        else:
            required = [
                parameter
                for parameter in list(inspect.signature(function).parameters.values())[
                    1:
                ]
                if parameter.default is parameter.empty
                and parameter.kind
                in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
            ]
            args = [{}] if method == "write" else [None] * len(required)
            if not getattr(function, "_api_model", False):
                args = [record.ids, *args]
        self.env.flush_all()
        before = record.read(["write_date"]) if record._log_access else None
        with self.assertRaises(AccessError):
            call_kw(model, method, args, {})
        if before is not None:
            self.env.flush_all()
            self.env.invalidate_all()
            self.assertEqual(record.read(["write_date"]), before)
        if method in ORM_METHODS:
            self.assertTrue(record.exists())
