# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The pure parts of ./wxf backup, ./wxf restore and ./wxf pitr-drill."""

import hashlib
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from wxflib import backup, pitr

ROOT = Path(__file__).resolve().parents[2]
UTC = backup.UTC


def at(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


def repo(tmp_path, cipher=""):
    return backup.Repo(tmp_path / "repo", tmp_path / "conf" / "x.conf", cipher)


def cluster():
    return backup.Cluster(Path("/srv/pg"), 5491, "/run/pg", Path("/usr/bin"))


def test_config_renders_retention_cipher_and_cluster(tmp_path):
    template = (ROOT / "config/pgbackrest/pgbackrest.conf.template").read_text()
    text = backup.render_config(template, repo(tmp_path, "s3cret"), cluster(), "L", "K")
    lines = text.splitlines()
    assert f"repo1-path={tmp_path / 'repo'}" in lines
    assert "repo1-retention-full=4" in lines
    assert "repo1-retention-diff=7" in lines
    assert "repo1-cipher-type=aes-256-cbc" in lines
    assert "repo1-cipher-pass=s3cret" in lines
    assert "[wxf]" in lines and "pg1-path=/srv/pg" in lines and "pg1-port=5491" in lines
    plain = backup.render_config(template, repo(tmp_path), cluster(), "L", "K")
    assert "repo1-cipher-pass" not in plain


def test_archive_command_is_quoted_for_postgresql_conf(tmp_path):
    weird = backup.Repo(tmp_path, Path("/etc/it's/wxf.conf"))
    text = backup.archiving_settings(weird)
    assert "archive_mode = on" in text
    assert "archive_command = 'pgbackrest --config=/etc/it''s/wxf.conf" in text
    assert text.rstrip().endswith("archive-push %p'")


INFO = [
    {
        "name": "wxf",
        "backup": [
            {"label": "F1", "type": "full", "timestamp": {"start": 1000, "stop": 1100}},
            {
                "label": "F1_D1",
                "type": "diff",
                "timestamp": {"start": 5000, "stop": 5050},
            },
        ],
    },
    {"name": "other", "backup": []},
]


def test_backups_from_info_and_the_label_of_a_target():
    backups = backup.backups_from_info(INFO)
    assert [b["label"] for b in backups] == ["F1", "F1_D1"]
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    assert backup.label_for(backups, epoch + timedelta(seconds=1099)) is None
    assert backup.label_for(backups, epoch + timedelta(seconds=1100)) == "F1"
    assert backup.label_for(backups, epoch + timedelta(seconds=5049)) == "F1"
    assert backup.label_for(backups, epoch + timedelta(seconds=9999)) == "F1_D1"
    assert backup.backups_from_info(INFO, "missing") == []
    assert backup.backups_from_info(None) == []


def test_auto_type_is_full_weekly_and_diff_otherwise():
    now = at("2026-03-08 02:30:00")
    full = {"type": "full", "stop": now - timedelta(days=6)}
    old = {"type": "full", "stop": now - timedelta(days=7)}
    diff = {"type": "diff", "stop": now - timedelta(hours=1)}
    assert backup.choose_type("auto", [], now) == "full"
    assert backup.choose_type("auto", [full, diff], now) == "diff"
    assert backup.choose_type("auto", [old, diff], now) == "full"
    assert backup.choose_type("incr", [], now) == "incr"


def test_the_schedule_file_names_full_weekly_diff_daily_and_the_filestore():
    cron = (ROOT / "config/pgbackrest/wxf-backup.cron").read_text()
    jobs = [line.split() for line in cron.splitlines() if line and line[0] != "#"]
    schedules = {" ".join(job[:5]): " ".join(job[5:]) for job in jobs}
    assert "--type full" in schedules["30 2 * * 0"]
    assert "--type diff" in schedules["30 2 * * 1-6"]
    assert "--filestore-only" in schedules["*/15 * * * *"]


@pytest.mark.parametrize("text", ["2026-13-01 00:00:00", "yesterday", "2026-03-01"])
def test_bad_restore_times_are_refused(text):
    with pytest.raises(ValueError):
        backup.parse_to(text)


def test_restore_time_is_utc_with_microseconds():
    moment = backup.parse_to(" 2026-03-01 14:30:00 ")
    assert backup.pg_target(moment) == "2026-03-01 14:30:00.000000+00"


def test_midpoint_is_strictly_between():
    one, two = at("2026-03-01 10:00:00"), at("2026-03-01 10:00:03")
    middle = backup.midpoint(one, two)
    assert one < middle < two
    with pytest.raises(ValueError):
        backup.midpoint(two, one)


def store(folder, data):
    sha = hashlib.sha1(data).hexdigest()
    path = folder / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return f"{sha[:2]}/{sha}"


@pytest.mark.parametrize("cipher", ["", "pass-phrase"])
def test_filestore_round_trip(tmp_path, cipher):
    if cipher and not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    the_repo = repo(tmp_path, cipher)
    fs = tmp_path / "fs"
    one, two = store(fs, b"one"), store(fs, b"two")
    (fs / "checklist").mkdir()
    (fs / "checklist" / "junk").write_text("not a store file")
    assert backup.filestore_files(fs) == {one, two}
    assert backup.sync_filestore(the_repo, fs, "db", "LABEL1") == 2
    assert backup.sync_filestore(the_repo, fs, "db") == 0  # already there
    manifest = the_repo.path / "filestore" / "LABEL1" / "db.json"
    assert manifest.exists()
    stored = (
        the_repo.path / "filestore" / "objects" / (one + (".enc" if cipher else ""))
    )
    assert (stored.read_bytes() == b"one") is not bool(cipher)
    found, missing = backup.restore_filestore(
        the_repo, [one, two, "ab/" + "0" * 40, "../../etc/passwd"], tmp_path / "out"
    )
    assert found == 2
    assert missing == ["../../etc/passwd", "ab/" + "0" * 40]
    assert (tmp_path / "out" / one).read_bytes() == b"one"
    assert not (tmp_path / "etc").exists()


def test_final_lines():
    line = backup.final_line(True, "2026-03-01 10:00:01.5", 50, 50, 2, 2)
    assert line == (
        "pitr=ok restored_to=2026-03-01 10:00:01.5 rows_expected=50 rows_found=50"
        " filestore=ok files_expected=2 files_found=2"
    )
    assert backup.final_line(False, "x", 50, 75, 2, 1).startswith("pitr=FAILED")
    assert "filestore=FAILED" in backup.final_line(False, "x", 1, 1, 2, 1)


def test_marks_make_distinct_rows():
    rows = pitr.mark_rows(3, 4)
    assert rows.count("(3, ") == 4 and "row 3'" in rows
