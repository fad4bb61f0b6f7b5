# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from wx_feedback.tools import settings


def test_file_then_environment(tmp_path):
    conf = tmp_path / "odoo.conf"
    conf.write_text(
        "[options]\ndb_host = x\n\n"
        "[wx_feedback]\nredis_url = redis://a:6379/0\nempty =\n",
        encoding="utf-8",
    )
    assert settings.get("redis_url", str(conf), environ={}) == "redis://a:6379/0"
    assert settings.get("empty", str(conf), environ={}, default="d") == "d"
    assert settings.get("db_host", str(conf), environ={}) is None
    env = {"WX_FEEDBACK_REDIS_URL": "unix:///tmp/r.sock"}
    assert settings.get("redis_url", str(conf), environ=env) == "unix:///tmp/r.sock"


def test_missing_file_or_section(tmp_path):
    assert settings.get("redis_url", str(tmp_path / "none.conf"), environ={}) is None
    assert settings.get("redis_url", None, environ={}, default=1) == 1
