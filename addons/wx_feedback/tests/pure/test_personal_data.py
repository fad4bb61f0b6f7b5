# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import datetime
import io
import json
import zipfile

import pytest
from wx_feedback.tools import personal_data as pd


def test_zip_holds_the_json_and_the_files():
    payload = pd.build_zip(
        {
            "feedback": [
                {"id": 1, "date": datetime.date(2026, 5, 1), "text": None, "ok": False}
            ]
        },
        [(pd.attachment_path(7, "芒果.jpg"), b"\xff\xd8jpeg")],
        meta={"partner_id": 3},
    )
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        names = archive.namelist()
        document = json.loads(archive.read(pd.JSON_NAME))
        assert archive.read("attachments/7_芒果.jpg") == b"\xff\xd8jpeg"
    assert names == [pd.JSON_NAME, "attachments/7_芒果.jpg"]
    assert document["format"] == 1
    assert document["meta"] == {"partner_id": 3}
    assert document["feedback"] == [
        {"id": 1, "date": "2026-05-01", "text": None, "ok": False}
    ]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd", "etc_passwd"),
        ("a/b\\c.png", "a_b_c.png"),
        ("", "file"),
        ("...", "file"),
        ("照片 1.jpg", "照片_1.jpg"),
    ],
)
def test_names_cannot_escape_the_folder(name, expected):
    assert pd.safe_name(name) == expected


def test_bad_or_duplicate_paths_and_reserved_sections_are_refused():
    with pytest.raises(ValueError):
        pd.build_zip({}, [("../x", b"")])
    with pytest.raises(ValueError):
        pd.build_zip({}, [("attachments/1_a", b""), ("attachments/1_a", b"")])
    with pytest.raises(ValueError):
        pd.build_zip({"meta": []}, [])
    with pytest.raises(TypeError):
        pd.to_json_value(b"raw")
