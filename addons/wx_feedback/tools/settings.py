# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Deployment settings of the wx addons: the ``[wx_feedback]`` section of
odoo.conf, overridden by ``WX_FEEDBACK_<NAME>`` environment variables (another
addon's section, e.g. ``[wx_metrics]``, by ``WX_METRICS_<NAME>``).

Odoo 19 reads only the ``[options]`` section (and warns about unknown keys
there), so secrets and service URLs of ours live in a section of their own.
"""

import configparser
import functools
import os

SECTION = "wx_feedback"


@functools.lru_cache(maxsize=8)
def _section(path, section=SECTION):
    parser = configparser.RawConfigParser()
    if path:
        parser.read([path], encoding="utf-8")
    return dict(parser.items(section)) if parser.has_section(section) else {}


def get(name, path, environ=None, default=None, section=SECTION):
    """Value of setting ``name`` from the environment or the config file."""
    environ = os.environ if environ is None else environ
    value = environ.get(f"{section.upper()}_{name.upper()}")
    if value is None:
        value = _section(path, section).get(name)
    return value if value not in (None, "") else default
