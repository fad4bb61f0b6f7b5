# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# what the trail watches on contacts: identity and contact details, not the
# dozens of technical or computed columns a partner carries
PARTNER_FIELDS = (
    "name",
    "phone",
    "email",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "country_id",
    "parent_id",
    "vat",
    "active",
    "user_id",
    "lang",
)


def _next_in_mro(model_class, name):
    """The method ``name`` that follows ``model_class`` in its MRO, looked up
    at each call."""

    def next_method(records, *args, **kwargs):
        return getattr(super(model_class, records), name)(*args, **kwargs)

    return next_method


class AuditlogRule(models.Model):
    """Rules stay with the system administrator (auditlog's manager rights),
    but creating, changing or deleting one, which starts or stops auditing a
    model, is itself a configuration event in the chain (等保2.0 §8.1.4.3 d)."""

    _inherit = "auditlog.rule"

    def _patch_method(self, model, method_name, check_attr):
        """auditlog keeps, as the ``origin`` of a patched method, the method
        the model had when the rule was applied. Odoo keeps the same model
        class when a module installed later in the same process extends the
        model (it changes the class's bases), so that module's override
        (wx_nlp's analysis in ``wx.feedback.create``, wx_sla's in tickets)
        would be skipped until a restart: resolve the next method at each
        call instead."""
        patched = super()._patch_method(model, method_name, check_attr)
        if patched:
            model_class = model.env.registry[model._name]
            method = model_class.__dict__.get(method_name)
            if method is not None:
                method.origin = _next_in_mro(model_class, method_name)
        return patched

    def _wx_record_config(self, action):
        for rule in self:
            self.env["wx.audit.event"]._wx_record(
                "config", rule, detail=f"audit rule {rule.name} {action}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        self.check_access("create")
        rules = super().create(vals_list)
        rules._wx_record_config("created")
        return rules

    def write(self, vals):
        result = super().write(vals)
        self._wx_record_config(f"changed ({', '.join(sorted(vals))})")
        return result

    def unlink(self):
        self.check_access("unlink")
        self._wx_record_config("deleted")
        return super().unlink()

    @api.private
    @api.model
    def get_auditlog_fields(self, model):
        names = super().get_auditlog_fields(model)
        if model._name == "res.partner":
            return [name for name in names if name in PARTNER_FIELDS]
        return names
