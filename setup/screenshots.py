#!/usr/bin/env python3
"""Screenshots of real pages of a running Omnicanal database (headless Chromium over CDP).

    python3 setup/screenshots.py --url http://127.0.0.1:8069 --db omnicanal \
        --login admin --password admin OUT.png PATH [OUT.png PATH ...]

PATH is a URL path (``/odoo/action-omni_customer.omni_match_review_action``,
``/my/purchases``), optionally followed by ``||`` and a CSS selector to click
once the page is loaded (a notebook tab, a button), or by ``||js:`` and a JavaScript
expression to run instead (type a postcode and press a button). The login is done through
/web/login like a person would.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket


class Browser:
    def __init__(self, width=1400, height=900):
        self.profile = tempfile.mkdtemp(prefix="omni_shot_")
        port = 9333
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        self.proc = subprocess.Popen(
            [
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--remote-allow-origins=*",
                "--disable-sync",
                f"--user-data-dir={self.profile}",
                f"--remote-debugging-port={port}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as resp:
                    pages = [p for p in json.load(resp) if p["type"] == "page"]
                if pages:
                    break
            except OSError:
                time.sleep(0.1)
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.msg_id = 0
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.msg_id += 1
        self.ws.send(json.dumps({"id": self.msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == self.msg_id:
                return msg.get("result", {})

    def goto(self, url, settle=3.0):
        self.call("Page.navigate", url=url)
        time.sleep(settle)

    def js(self, expression):
        return self.call("Runtime.evaluate", expression=expression, awaitPromise=True)

    def shot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--settle", type=float, default=4.0)
    parser.add_argument("pairs", nargs="+", help="OUT.png PATH pairs")
    args = parser.parse_args()
    browser = Browser()
    try:
        login = f"{args.url}/web/login" + (f"?db={args.db}" if args.db else "")
        browser.goto(login)
        browser.js(
            f"document.querySelector('input[name=login]').value = {json.dumps(args.login)};"
            f"document.querySelector('input[name=password]').value = {json.dumps(args.password)};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(args.settle)
        for out, target in zip(args.pairs[::2], args.pairs[1::2], strict=True):
            path, _sep, click = target.partition("||")
            browser.goto(args.url + path, settle=args.settle)
            if click.startswith("js:"):
                browser.js(click[3:])
                time.sleep(args.settle)
            elif click:
                browser.js(f"document.querySelector({json.dumps(click)}).click()")
                time.sleep(1.5)
            # Dismiss transient notifications (e.g. "page out of date" after an update).
            browser.js("document.querySelectorAll('.o_notification_close').forEach((b) => b.click())")
            time.sleep(0.5)
            browser.shot(out)
            print(out)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
