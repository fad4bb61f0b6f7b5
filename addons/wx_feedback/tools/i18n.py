# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Translatable messages of the pure modules.

The pure modules cannot call Odoo's translation machinery, so they mark their
English message templates with :func:`_lt` (a no-op that lets Odoo's exporter
put them in the .pot) and raise :class:`InputError` carrying the untranslated
template and its named parameters; Odoo code renders them with
``env._(template, **params)`` in the customer's language.
"""


def _lt(template):
    """Mark ``template`` for translation; rendering happens on the Odoo side."""
    return template


class InputError(ValueError):
    """Bad input, as ``{field: (template, params)}``, rendered in English by str()."""

    def __init__(self, errors):
        self.errors = dict(errors)
        super().__init__("; ".join(self.render().values()))

    def render(self, translate=None):
        """``{field: message}``; ``translate(template)`` returns the translation."""
        translate = translate or (lambda template: template)
        return {
            field: translate(template) % params
            for field, (template, params) in self.errors.items()
        }
