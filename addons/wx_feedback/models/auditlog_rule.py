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


# what no audited model's trail needs: the chatter and activities (audited as
# messages and notifications of their own), the log's own who/when columns
TECHNICAL_PREFIXES = ("message_", "activity_", "website_message", "rating_")
TECHNICAL_FIELDS = {"create_uid", "create_date", "write_uid", "write_date"}


def _audited_field(name, field):
    """One2many fields are the children's own records (read with a query per
    field and record on every audited write); chatter, activities and the
    write stamps say nothing the log line does not."""
    return (
        field.type != "one2many"
        and name not in TECHNICAL_FIELDS
        and not name.startswith(TECHNICAL_PREFIXES)
    )


def _unless_installing(patched, origin_of):
    """Module installation and upgrade load data and demo data, not user
    changes (the module operation itself is a configuration event): call the
    unpatched method while the registry is being loaded."""

    def guarded(records, *args, **kwargs):
        if not records.env.registry.ready:
            return origin_of()(records, *args, **kwargs)
        return patched(records, *args, **kwargs)

    guarded.__dict__.update(patched.__dict__)  # @api.model_create_multi's marks
    return guarded


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
                guarded = _unless_installing(method, lambda: method.origin)
                guarded.origin = method.origin
                setattr(model_class, method_name, guarded)
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
        names = [
            name
            for name in super().get_auditlog_fields(model)
            if _audited_field(name, model._fields[name])
        ]
        if model._name == "res.partner":
            return [name for name in names if name in PARTNER_FIELDS]
        return names
