# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local (business) time <-> naive UTC, as the database stores datetimes.

The CSV history is in local time without zone (Asia/Shanghai by default, the
suite's business time zone); Odoo stores naive UTC."""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

TZ = "Asia/Shanghai"


def local_to_utc(moment, tz=TZ):
    if moment is None:
        return None
    aware = moment.replace(tzinfo=ZoneInfo(tz))
    return aware.astimezone(timezone.utc).replace(tzinfo=None)


def utc_to_local(moment, tz=TZ):
    if moment is None:
        return None
    aware = moment.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(tz))
    return aware.replace(tzinfo=None)


def today_local(tz=TZ):
    return datetime.now(ZoneInfo(tz)).date()
