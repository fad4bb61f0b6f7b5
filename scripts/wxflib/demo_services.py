# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo's outside world, on 127.0.0.1 only: the wx_push fakes (WeCom,
DingTalk, Aliyun and Tencent SMS) and an SMTP sink (aiosmtpd) that keeps
every e-mail as a ``.eml`` file in a folder.

Run by ``./wxf run`` in the project's Python as a child process::

    python demo_services.py <addons folder> <mail folder>

It prints one JSON line ``{"fakes_url": ..., "smtp_port": ...}``, then reads
one JSON line from stdin: the accounts and robots the fakes accept (what
``res.company._wx_demo_use_local_services`` returns). It lives until its
stdin is closed (the parent ended) or it is terminated."""

import json
import socket
import sys
import time
import types
from pathlib import Path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailFolder:
    """aiosmtpd handler: every message received, as it came, in a file."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{self.count:05d}.eml"
        (self.folder / name).write_bytes(envelope.original_content or b"")
        return "250 Message accepted for delivery"


def configure(fake, accounts):
    aliyun = accounts.get("aliyun")
    if aliyun and aliyun.get("key_id"):
        fake.add_aliyun(
            aliyun["key_id"],
            aliyun["secret"],
            aliyun["signs"],
            aliyun["templates"],
            receipt_url=aliyun["receipt_url"],
        )
    tencent = accounts.get("tencent")
    if tencent and tencent.get("secret_id"):
        fake.add_tencent(
            tencent["secret_id"],
            tencent["secret_key"],
            tencent["app_id"],
            tencent["signs"],
            tencent["templates"],
            receipt_url=tencent["receipt_url"],
        )
    for key in accounts.get("wecom_robots", ()):
        fake.add_wecom_robot(key)
    for robot in accounts.get("dingtalk", ()):
        fake.add_dingtalk_robot(robot["token"], robot["secret"], robot["keywords"])


def main(addons, mail_folder):
    from aiosmtpd.controller import Controller

    # the fakes without the addon's Odoo models (as tests/bench does)
    package = types.ModuleType("wx_push")
    package.__path__ = [str(Path(addons) / "wx_push")]
    sys.modules.setdefault("wx_push", package)
    from wx_push.tools.fakes import FakeServer

    fake = FakeServer().start()
    smtp_port = free_port()
    sink = Controller(MailFolder(mail_folder), hostname="127.0.0.1", port=smtp_port)
    sink.start()
    try:
        print(json.dumps({"fakes_url": fake.url, "smtp_port": smtp_port}), flush=True)
        line = sys.stdin.readline()
        if line.strip():
            configure(fake, json.loads(line))
            print("configured", flush=True)
        sys.stdin.read()  # until the parent closes it
    finally:
        sink.stop()
        fake.stop()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
