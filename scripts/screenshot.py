#!/usr/bin/env python3
# Copyright 2026 Wanxiang Fresh Supply Chain
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Screenshot pages of a running demo in headless Chromium, logged in or not.

    .venv/bin/python scripts/screenshot.py URL OUT.png [--login L --password P]
        [--width 1366 --height 900] [--wait 4]

Logs in through /web/login (with its CSRF token), hands the session cookie to
Chromium over the DevTools protocol and saves a PNG of the page.
"""

import argparse
import base64
import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse

import requests
import websocket


def login(base, user, password):
    session = requests.Session()
    page = session.get(f"{base}/web/login", timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]
    response = session.post(
        f"{base}/web/login",
        data={"login": user, "password": password, "csrf_token": token},
        timeout=30,
    )
    if "/web/login" in response.url:
        raise SystemExit(f"login as {user} failed")
    return session.cookies.get("session_id")


def capture(url, out, width, height, wait, session_id=None):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    profile = tempfile.mkdtemp(prefix="wxf-chromium-")
    proc = subprocess.Popen(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=9333",
            f"--window-size={width},{height}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                targets = requests.get("http://127.0.0.1:9333/json", timeout=2).json()
                page = next(t for t in targets if t["type"] == "page")
                break
            except (requests.RequestException, StopIteration, ValueError):
                time.sleep(0.1)
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        counter = iter(range(1, 10_000))

        def call(method, **params):
            ident = next(counter)
            ws.send(json.dumps({"id": ident, "method": method, "params": params}))
            while True:
                message = json.loads(ws.recv())
                if message.get("id") == ident:
                    return message.get("result", {})

        call("Network.enable")
        call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 500,
        )
        if session_id:
            host = urllib.parse.urlparse(url).hostname
            call(
                "Network.setCookie",
                name="session_id",
                value=session_id,
                domain=host,
                path="/",
            )
        call("Page.enable")
        call("Page.navigate", url=url)
        time.sleep(wait)
        shot = call("Page.captureScreenshot", format="png")
        with open(out, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        ws.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        shutil.rmtree(profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--login")
    parser.add_argument("--password")
    parser.add_argument("--width", type=int, default=1366)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--wait", type=float, default=4.0)
    args = parser.parse_args()
    session_id = None
    if args.login:
        parts = urllib.parse.urlparse(args.url)
        session_id = login(
            f"{parts.scheme}://{parts.netloc}", args.login, args.password
        )
    capture(args.url, args.out, args.width, args.height, args.wait, session_id)


if __name__ == "__main__":
    main()
