#!/usr/bin/env python3
"""Renders HTML reports in headless Chromium and fails on what a reader would notice.

For each report: load it from a file:// URL, wait for the load event, take a screenshot of the
first screen and a full-page one, print it to PDF (A4, with the report's print CSS), and fail
when
  - the page logs a console error or throws an exception,
  - the page requests anything other than its own file or a data: URL (the report must be
    self-contained),
  - the layout is wider than the viewport at 1280 px or at 800 px (document scrollWidth >
    innerWidth),
  - an in-page link (table of contents) points to an id that does not exist.

Talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: commands on
fd 3, replies on fd 4, NUL-separated JSON), so only the Python standard library is needed.

usage: browser_check.py OUTDIR REPORT.html [REPORT.html ...]
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

WIDTHS = (1280, 800)
TIMEOUT = 60.0


class Browser:
    def __init__(self):
        exe = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if exe is None:
            sys.exit("browser-check: chromium is not installed (apt-get install -y chromium)")
        self.profile = tempfile.mkdtemp(prefix="fairaudit-chromium-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # The child must see the command pipe as fd 3 and the reply pipe as fd 4.
        def setup():
            # Through fresh copies, so that a pipe already on fd 3 or 4 is not overwritten early;
            # dup2 makes 3 and 4 inheritable, and close_fds=False keeps them across exec.
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
        self.proc = subprocess.Popen(
            [exe, "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--mute-audio",
             "--hide-scrollbars", f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=setup, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=None if os.environ.get("BROWSER_CHECK_DEBUG") else subprocess.DEVNULL)
        os.close(to_child_r)
        os.close(from_child_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_child, json.dumps(message).encode() + b"\0")
        wanted = self.next_id
        deadline = time.time() + TIMEOUT
        while time.time() < deadline:
            reply = self.read()
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise RuntimeError(f"{method}: no reply within {TIMEOUT} s")

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method, session, timeout=TIMEOUT):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    return self.events.pop(i)
            self.events.append(self.read())
        raise RuntimeError(f"{method} did not arrive within {timeout} s")

    def close(self):
        try:
            self.send("Browser.close")
        except RuntimeError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def check(browser, path, outdir):
    url = "file://" + os.path.abspath(path)
    name = os.path.splitext(os.path.basename(path))[0]
    problems = []
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        browser.send(f"{domain}.enable", session=session)
    browser.events.clear()
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": WIDTHS[0], "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
    browser.send("Page.navigate", {"url": url}, session)
    browser.wait_for("Page.loadEventFired", session)
    time.sleep(0.3)  # let late console messages and requests arrive
    for width in WIDTHS:
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
        measured = browser.send("Runtime.evaluate", {
            "expression": "JSON.stringify([document.documentElement.scrollWidth, window.innerWidth])",
            "returnByValue": True}, session)["result"]["value"]
        scroll, inner = json.loads(measured)
        if scroll > inner:
            problems.append(f"layout {scroll} px wide in a {inner} px viewport")
    broken = browser.send("Runtime.evaluate", {
        "expression": "JSON.stringify([...document.querySelectorAll('a[href^=\"#\"]')]"
                      ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id)))",
        "returnByValue": True}, session)["result"]["value"]
    for anchor in json.loads(broken):
        problems.append(f"link to #{anchor}, which does not exist")
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": WIDTHS[0], "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
    shot = browser.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
    with open(os.path.join(outdir, name + ".png"), "wb") as f:
        f.write(base64.b64decode(shot))
    # The executive summary as a reader opening the table of contents link sees it: one screen.
    found = browser.send("Runtime.evaluate", {
        "expression": "(e => e ? (e.scrollIntoView(), true) : false)(document.getElementById('executive-summary'))",
        "returnByValue": True}, session)["result"]["value"]
    if found:
        summary = browser.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
        with open(os.path.join(outdir, name + "-summary.png"), "wb") as f:
            f.write(base64.b64decode(summary))
    full = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session)["data"]
    with open(os.path.join(outdir, name + "-full.png"), "wb") as f:
        f.write(base64.b64decode(full))
    pdf = browser.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True}, session)["data"]
    with open(os.path.join(outdir, name + ".pdf"), "wb") as f:
        f.write(base64.b64decode(pdf))
    for e in browser.events:
        if e.get("sessionId") != session:
            continue
        method, params = e.get("method"), e.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
            problems.append(f"console error: {text}")
        elif method == "Runtime.exceptionThrown":
            problems.append("exception: " + params.get("exceptionDetails", {}).get("text", ""))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            problems.append("console error: " + params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            requested = params.get("request", {}).get("url", "")
            if requested != url and not requested.startswith("data:"):
                problems.append(f"external request: {requested}")
    browser.events.clear()
    browser.send("Target.closeTarget", {"targetId": target})
    return problems


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    outdir, reports = sys.argv[1], sys.argv[2:]
    os.makedirs(outdir, exist_ok=True)
    browser = Browser()
    failed = False
    try:
        for path in reports:
            problems = check(browser, path, outdir)
            for p in problems:
                print(f"browser-check: {path}: {p}", file=sys.stderr)
            failed |= bool(problems)
            print(f"browser-check: {path}: {'FAILED' if problems else 'ok'} "
                  f"(screenshot, full page and PDF in {outdir})", file=sys.stderr)
    finally:
        browser.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
