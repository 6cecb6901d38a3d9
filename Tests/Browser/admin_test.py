#!/usr/bin/env python3
"""Browser test of the operator page (issue 18): a sandbox `kassa serve`, a checkout created
through the API and paid with the test helper, then headless Chromium driven over the
DevTools protocol signs in at /admin with the admin key, searches the order, and must see it
`paid`. Screenshots go to the output directory. Exits non-zero on any failure, including a
Chromium that cannot start (never skipped).

Usage: admin_test.py --binary .build/debug/kassa --chromium chromium --out .build/browser-test
"""
import argparse, base64, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.error, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Session  # noqa: E402

API_KEY = "sk_sandbox_kassa"
ADMIN_KEY = "ak_sandbox_kassa"


def stop(*processes):
    """Ends each process still running: SIGTERM, then SIGKILL after 10 s."""
    for process in processes:
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=dict(headers or {}))
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def api(method, base, path, body=None):
    status, payload = request(method, base + path, body, {"Authorization": "Bearer " + API_KEY})
    return status, json.loads(payload or b"{}")


def check(condition, message):
    sys.stdout.flush()
    if not condition:
        raise AssertionError(message)
    print("ok:", message)


def start_kassa(binary, work, log):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KASSA_")}
    environment.update(KASSA_HOST="127.0.0.1", KASSA_PORT=str(port), KASSA_PUBLIC_BASE_URL=base,
                       KASSA_DATA_DIR=os.path.join(work, "kassa"), KASSA_STORE_SYNCHRONOUS="normal")
    process = subprocess.Popen([binary, "serve"], env=environment, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"kassa serve exited with {process.returncode}")
        try:
            if request("GET", base + "/healthz")[0] == 200:
                return process, base
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("kassa serve did not answer /healthz within 60 s")


def paid_checkout(base):
    reference = "order_browser_" + os.urandom(4).hex()
    status, created = api("POST", base, "/v1/checkouts", {
        "provider": "secuconnect",
        "order": {"reference": reference, "amount": 4485, "currency": "EUR", "description": "Browser test order",
                  "items": [{"reference": "p1", "name": "Shirt", "quantity": 2, "unit_amount": 1995, "tax_rate": 19, "type": "article"},
                            {"reference": "s", "name": "Shipping", "quantity": 1, "unit_amount": 495, "tax_rate": 19, "type": "shipping"}]},
        "customer": {"email": "max@example.com", "first_name": "Max", "last_name": "Muster",
                     "address": {"street": "Hauptstr.", "street_number": "1", "postal_code": "10115", "city": "Berlin", "country": "DE"}},
        "return_urls": {"success": base + "/", "failure": base + "/", "cancel": base + "/"},
        "locale": "de-DE"})
    check(status == 201, f"checkout created through the API ({status})")
    status, played = api("POST", base, f"/v1/checkouts/{created['id']}/simulate", {"outcome": "approve"})
    check(status == 202, f"the test helper approved the payment ({status})")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, checkout = api("GET", base, f"/v1/checkouts/{created['id']}")
        if checkout.get("status") == "paid":
            check(True, f"checkout {created['id']} is paid in the API")
            return reference, created["id"]
        time.sleep(0.1)
    raise AssertionError(f"checkout never paid: {checkout}")


def start_chromium(executable, work, log):
    """Chromium headless with a DevTools port; every request to anything but loopback (which
    Chromium never proxies) goes to a proxy that does not exist, so the browser cannot reach
    another address."""
    profile = os.path.join(work, "chromium-profile")
    arguments = [executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--no-default-browser-check", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--disable-domain-reliability", "--disable-features=Translate,OptimizationHints,MediaRouter",
                 "--proxy-server=http://127.0.0.1:9",
                 "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", f"--user-data-dir={profile}",
                 "--window-size=1280,1000", "about:blank"]
    try:
        process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.PIPE, text=True)
    except OSError as error:
        raise RuntimeError(f"Chromium could not start: {error}")
    deadline = time.monotonic() + 60
    lines = []
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            if process.poll() is not None:
                raise RuntimeError("Chromium exited before its DevTools endpoint was up:\n" + "".join(lines[-20:]))
            continue
        lines.append(line)
        match = re.search(r"DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)", line)
        if match:
            # Keep draining its stderr so it never blocks on a full pipe.
            threading.Thread(target=lambda: [log.write(l.encode()) for l in process.stderr], daemon=True).start()
            return process, int(match.group(2))
    raise RuntimeError("Chromium did not open its DevTools endpoint within 60 s")


def open_page(devtools_port):
    req = urllib.request.Request(f"http://127.0.0.1:{devtools_port}/json/new?about:blank", method="PUT")
    with urllib.request.urlopen(req, timeout=30) as response:
        target = json.loads(response.read())
    return Session(target["webSocketDebuggerUrl"])


def navigate_and_wait(page, action):
    """Runs `action` (which makes the page navigate) and waits for the new page's load."""
    page.events = [e for e in page.events if e["method"] != "Page.loadEventFired"]
    action()
    page.wait_for("Page.loadEventFired")


def type_and_submit(page, selector, text):
    """Focuses the field, types `text` as the user would, and presses Enter (implicit submission)."""
    page.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
    page.call("Input.insertText", text=text)
    for kind in ("keyDown", "keyUp"):
        page.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13,
                  nativeVirtualKeyCode=13, **({"text": "\r"} if kind == "keyDown" else {}))


def csp_reports(page):
    """The browser's reports of anything the page's Content-Security-Policy refused."""
    return [e["params"]["entry"]["text"] for e in page.events
            if e["method"] == "Log.entryAdded" and "Content Security Policy" in e["params"]["entry"].get("text", "")]


def screenshot(page, path):
    shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    with open(path, "wb") as file:
        file.write(base64.b64decode(shot["data"]))
    print("screenshot:", path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/kassa")
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--out", default=".build/browser-test")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="kassa-browser-")
    log = open(os.path.join(args.out, "processes.log"), "wb")
    kassa = chromium = None
    try:
        kassa, base = start_kassa(args.binary, work, log)
        reference, checkout_id = paid_checkout(base)
        chromium, devtools_port = start_chromium(args.chromium, work, log)
        page = open_page(devtools_port)
        page.call("Page.enable")
        page.call("Log.enable")
        page.call("Runtime.enable")

        navigate_and_wait(page, lambda: page.call("Page.navigate", url=base + "/admin"))
        check(page.evaluate("location.href") == base + "/admin/login", "/admin without a session shows the sign-in form")
        navigate_and_wait(page, lambda: type_and_submit(page, "input[name=key]", "wrong-key"))
        check("Wrong admin key." in page.evaluate("document.body.innerText"), "a wrong key is refused")
        navigate_and_wait(page, lambda: type_and_submit(page, "input[name=key]", ADMIN_KEY))
        check(page.evaluate("location.pathname") == "/admin", "signed in with the admin key")
        check(page.evaluate("document.querySelector('h1').textContent") == "Kassa operator overview", "the overview is shown")
        check(page.evaluate("document.querySelectorAll('svg rect').length") > 0, "the 24 h chart is drawn")
        cookies = page.call("Network.getCookies", urls=[base + "/admin"])["cookies"]
        session = [c for c in cookies if c["name"] == "kassa_admin"]
        check(len(session) == 1 and session[0]["httpOnly"] and session[0]["sameSite"] == "Strict",
              "the session cookie is HttpOnly and SameSite=Strict")
        check(page.evaluate("document.cookie").find("kassa_admin") < 0, "the page's script cannot read the session cookie")
        screenshot(page, os.path.join(args.out, "admin-overview.png"))

        navigate_and_wait(page, lambda: type_and_submit(page, "input[name=q]", reference))
        check(page.evaluate("location.pathname") == "/admin/orders", "the search opened the order page")
        check(page.evaluate("document.querySelector('h1').textContent") == f"Order {reference}", "it is the order searched for")
        check(page.evaluate("document.querySelector('b.status').textContent") == "paid", "the order page shows it paid")
        body = page.evaluate("document.body.innerText")
        check(checkout_id in body and "STX_" in body, "the attempt and the provider's id are shown")
        screenshot(page, os.path.join(args.out, "admin-order.png"))

        check(not csp_reports(page), "the pages break no rule of their own Content-Security-Policy " + "; ".join(csp_reports(page)))
        # The check above can fail: a style attribute is refused by the policy, and reported.
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color:red\">injected</p>')")
        deadline = time.monotonic() + 10
        while not csp_reports(page) and time.monotonic() < deadline:
            page.call("Runtime.evaluate", expression="1")
        check(len(csp_reports(page)) > 0, "the policy is enforced: an injected style attribute is refused")
        print("browser test passed")
        return 0
    except Exception as error:  # noqa: BLE001 - any failure fails the test, with its reason
        sys.stdout.flush()
        print("browser test FAILED:", error, file=sys.stderr)
        return 1
    finally:
        stop(chromium, kassa)
        shutil.rmtree(work, ignore_errors=True)
        log.close()


if __name__ == "__main__":
    sys.exit(main())
