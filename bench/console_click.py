"""Click → result visible in headless Chromium: our try-it console against Swagger UI,
the same call (a 50-row page of the shared test account) in one run, alternating blocks.

Swagger UI comes from npm (`swagger-ui-dist`, installed by `make bench` into
bench/node_modules, never shipped or served by the product). This module serves it from
a throwaway folder on a port of its own, pointed at our OpenAPI document; the browser runs
without the same-origin check (`--disable-web-security`) so Swagger UI can call the API
directly, as it would on a site that allows CORS. Our console needs no such help.
"""
import functools
import http.server
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.served import free_port

SWAGGER = Path(__file__).resolve().parent / "node_modules" / "swagger-ui-dist"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-web-security", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
BLOCK = 5
INDEX = """<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="swagger-ui.css"></head>
<body><div id="ui"></div><script src="swagger-ui-bundle.js"></script><script>
const token = %(token)s, clientId = %(client_id)s;
window.ui = SwaggerUIBundle({url: %(spec)s, dom_id: "#ui", deepLinking: false,
  requestInterceptor: (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/api/") && !url.pathname.startsWith("/api/openapi")) {
      url.searchParams.set("client_id", clientId);
      request.url = url.toString();
      request.headers.Authorization = "Bearer " + token;
    }
    return request;
  }});
</script></body></html>"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_swagger(folder):
    """A static server for Swagger UI's files and its index page; (base URL, server)."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def timed(click, wait):
    started = time.perf_counter()
    click()
    wait()
    return (time.perf_counter() - started) * 1000


def ours(page, base, event_id):
    """A function timing one Send of the console on /reference/entry."""
    page.goto(f"{base}/reference/entry")
    page.locator("#get-event-entry-env").select_option("production")  # where the HTTP case reads, as Swagger UI does
    page.locator("#get-event-entry-p-event_id").fill(str(event_id))
    page.locator("#get-event-entry-q-size").fill("50")
    page.locator("#get-event-entry-q-include_test_entries").select_option("1")
    send = page.locator("#console-form-get-event-entry .console-send")

    def once():
        page.evaluate("document.querySelector('#get-event-entry-result')?.setAttribute('data-old', '')")
        elapsed = timed(send.click, lambda: page.locator(
            "#get-event-entry-result:not([data-old]) [data-console-body-code]").wait_for(timeout=120_000))
        status = page.locator("#get-event-entry-result .console-status-line strong").inner_text()
        assert status.startswith("200"), f"the console's call answered {status}, not the 50-row page"
        return elapsed
    return once


def swagger(page, url, event_id):
    """A function timing one Execute of Swagger UI's try-it-out for the same operation."""
    page.goto(url)
    block = page.locator("#operations-Entry-get-event-entry")
    block.locator(".opblock-summary").click(no_wait_after=True)
    block.get_by_role("button", name="Try it out").click()
    block.locator('tr[data-param-name="event_id"] input').fill(str(event_id))
    block.locator('tr[data-param-name="size"] input').fill("50")
    include = block.locator('tr[data-param-name="include_test_entries"]')
    (include.locator("select").select_option("1") if include.locator("select").count()
     else include.locator("input").fill("1"))
    execute = block.locator(".execute")

    def once():
        clear = block.locator(".btn-clear")
        if clear.count():
            clear.click()
            block.locator(".live-responses-table").wait_for(state="detached")
        return timed(execute.click, lambda: block.locator(
            ".live-responses-table .response-col_description pre").first.wait_for(timeout=120_000))
    return once


def click_to_result(base, token, event_id, repeat):
    """(median ms of ours, median ms of Swagger UI), in alternating blocks of BLOCK."""
    with tempfile.TemporaryDirectory(prefix="ctlive-swagger-") as tmp:
        folder = Path(tmp)
        for name in ("swagger-ui-bundle.js", "swagger-ui.css"):
            (folder / name).write_bytes((SWAGGER / name).read_bytes())
        (folder / "index.html").write_text(INDEX % {"token": json.dumps(token), "client_id": json.dumps("demo-client"),
                                                    "spec": json.dumps(f"{base}/api/openapi.json")})
        swagger_url, server = serve_swagger(folder)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                pages = [context.new_page(), context.new_page()]
                runs = [ours(pages[0], base, event_id), swagger(pages[1], swagger_url, event_id)]
                samples = [[], []]
                for round_number in range(repeat // BLOCK + 1):
                    for page, run, taken in zip(pages, runs, samples):
                        page.bring_to_front()  # a tab in the background gets its timers and frames throttled
                        for _ in range(BLOCK):
                            elapsed = run()
                            if round_number:  # the first round warms up
                                taken.append(elapsed)
                browser.close()
        finally:
            server.shutdown()
    return statistics.median(samples[0]), statistics.median(samples[1])
