"""`make bench`: seeds a scaled database, serves it with gunicorn, and prints medians.

Every figure is measured through the full HTTP stack (requests → gunicorn → Django) on
this machine; ratios compare with the framework floor (bench/floor.py) or with a
related request. Every GET operation of the registry is timed on the seeded data plus an
event grown through the API by BENCH_GROWTH entries (20,000), on SQLite and, when
DATABASE_URL names PostgreSQL (`make bench` runs it inside scripts/with-postgres.sh), on
PostgreSQL too, with the same page on both measured side by side.
Environment: BENCH_SCALE (default 1), BENCH_REPEAT (default 200).
"""
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from bench import writes
from bench.guessing import guessing_case
from tests.served import PROJECT, free_port, start_server, stop_server

from .console_click import click_to_result
from .docs_visitors import docs_visitors
from .request_log import log_cost_case

SCALE = os.environ.get("BENCH_SCALE", "1")
REPEAT = int(os.environ.get("BENCH_REPEAT", "200"))
DOCS_REPEAT = max(20, REPEAT // 4)  # docs pages are deterministic; fewer samples give a stable median
CLIENT = {"client_id": "demo-client"}
DIRECTOR = ("director@example.com", "director-pass")
FLOOR_BLOCK = 25
EVERY_GET_BLOCK = 5
CLICK_REPEAT = max(10, REPEAT // 10)  # a browser click and render: fewer samples than an HTTP request
CONSOLE_CALL_TIME = re.compile(r"</strong> · ([0-9.]+) ms ·")


def median_ms(session, url, params, repeat, auth=DIRECTOR, headers=None):
    session.get(url, params=params, auth=auth, headers=headers, timeout=60).raise_for_status()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = session.get(url, params=params, auth=auth, headers=headers, timeout=60)
        samples.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return statistics.median(samples)


def prepare_database(workdir, database_url):
    env = {**os.environ, "DATABASE_URL": database_url,
           "DJANGO_SETTINGS_MODULE": "bench.settings", "BENCH_FLOOR_DIR": str(workdir / "floor"),
           "CACHE_DIR": str(workdir / "cache"), "CONSOLE_DOWNLOAD_DIR": str(workdir / "downloads"),
           "API_RATE_LIMIT_REQUESTS": "1000000000",
           "CONSOLE_RATE_LIMIT": "1000000000", "API_ASYNC_THRESHOLD": str(writes.ENTRIES * 2),
           # sign-up mail into files, read by the docs cases' fresh sign-up (bench/docs_visitors.py)
           "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": str(workdir / "mail"),
           "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    (workdir / "floor").mkdir(exist_ok=True)
    started = time.perf_counter()
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--scale", SCALE]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=PROJECT, env=env, check=True)
    # The seed's writes reach the disk before anything is timed, not while the first cases
    # run (the cases right after seeding were a run's unsteadiest: 1.83x, then 2.17x).
    os.sync()
    print(f"bench: seeded {database_name(database_url)} at BENCH_SCALE={SCALE} in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return env


def database_name(url):
    return "PostgreSQL" if url.startswith("postgres") else "SQLite"


class Bench:
    def __init__(self, base, floor_dir):
        self.base, self.floor_dir, self.session, self.rows = base, floor_dir, requests.Session(), []
        # Bodies are measured uncompressed, like the floor's; compression has a case of its own.
        self.session.headers["Accept-Encoding"] = "identity"

    def api(self, path, params, repeat=REPEAT, auth=DIRECTOR):
        return median_ms(self.session, self.base + path, {**CLIENT, **params}, repeat, auth)

    def versus_floor(self, label, path, params, target, rows=0, repeat=REPEAT, auth=DIRECTOR, session=None,
                     block=FLOOR_BLOCK):
        """The request against the floor serving its very bytes, measured in alternating
        blocks (FLOOR_BLOCK requests each unless `block` says): on this VM the floor alone
        moves by a third from minute to minute, which would decide a ratio of two separate
        runs. `session` (a signed-in visitor's) sends both, else the bench's own."""
        name = re.sub(r"[^A-Za-z0-9=.-]", "-", label)
        request = {"params": params, "auth": auth}
        session = session or self.session
        (self.floor_dir / name).write_bytes(session.get(self.base + path, timeout=60, **request).content)
        measured, floor = interleaved_medians(
            [lambda: session.get(self.base + path, timeout=60, **request),
             lambda: session.get(f"{self.base}/bench-floor/{name}", timeout=60)], repeat, block=block)
        self.add(label, measured, f"floor {floor:.2f} ms", measured / floor, target, rows)

    def add(self, label, measured, baseline, ratio, target, rows=0):
        rate = f"{rows / measured * 1000:,.0f}" if rows else ""
        self.rows.append((label, f"{measured:.2f}", baseline, f"{ratio:.2f}x" if ratio else "", rate, target))

    def table(self):
        header = ("case", "median ms", "compared with", "ratio", "rows/s", "target")
        widths = [max(len(str(row[i])) for row in [header, *self.rows]) for i in range(len(header))]
        lines = [" | ".join(str(cell).ljust(width) for cell, width in zip(row, widths)) for row in [header, *self.rows]]
        lines.insert(1, "-+-".join("-" * width for width in widths))
        return "\n".join(lines)


def read_ids(session, base):
    events = session.get(f"{base}/api/event", params=CLIENT, auth=DIRECTOR, timeout=60).json()["event"]
    event_id = next(e["event_id"] for e in events if "Marathon" in e["event_name"])
    races = session.get(f"{base}/api/event/{event_id}/race", params=CLIENT, auth=DIRECTOR, timeout=60).json()
    race_id = races["event_race"][0]["race_id"]
    page_299 = session.get(f"{base}/api/event/{event_id}/entry", auth=DIRECTOR, timeout=60,
                           params={**CLIENT, "page": "299", "size": "50", "columns": "entry_id"}).json()
    return event_id, race_id, page_299["event_entry"][-1]["entry_id"]


FORMAT_TARGETS = {"csv": "within 1.3x json"}


def format_cases(bench, path, database=""):
    """rows/s of a 1000-row results page in each format (sent whole: not more than
    API_STREAM_MIN_ROWS rows), measured in alternating blocks, and the cost of gzip on the
    JSON one. `database` prefixes the labels of a second database's rows."""
    codes = ("json", "xml", "yaml", "csv", "tsv")
    medians = interleaved_medians([lambda code=code: bench.session.get(
        bench.base + path, params={**CLIENT, "size": "1000", "format": code}, auth=DIRECTOR, timeout=60)
        for code in codes], 50, block=10)
    by_format = dict(zip(codes, medians))
    for code, measured in by_format.items():
        bench.add(f"{database}results size=1000 {code}", measured, f"json {by_format['json']:.2f} ms",
                  measured / by_format["json"], FORMAT_TARGETS.get(code, ""), rows=1000)
    gzipped = median_ms(bench.session, bench.base + path, {**CLIENT, "size": "1000"}, 50,
                        headers={"Accept-Encoding": "gzip"})
    bench.add(f"{database}results size=1000 json, gzip", gzipped, f"identity {by_format['json']:.2f} ms",
              gzipped / by_format["json"], "", rows=1000)


def peak_rss_mb(pid):
    """The process's peak resident memory so far (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1]) / 1024


def export(session, url, params):
    """Downloads a streamed export without keeping it; (milliseconds, rows)."""
    started = time.perf_counter()
    with session.get(url, params={**CLIENT, **params}, auth=DIRECTOR, stream=True, timeout=600) as response:
        response.raise_for_status()
        line_ends = sum(chunk.count(b"\r\n") for chunk in response.iter_content(1 << 16))
    return (time.perf_counter() - started) * 1000, line_ends - 1


def export_memory_case(bench, env, event_id):
    """Peak RSS of the one gunicorn worker serving a 1,000-row CSV export, then a 100,000-row
    one: the event's results at every interval in one page (page size maximum raised)."""
    port = free_port()
    server = start_server({**env, "API_MAX_PAGE_SIZE": "100000"}, port, workers=1, threads=1)
    try:
        worker = int(Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()[0])
        url, params = f"http://127.0.0.1:{port}/api/event/{event_id}/results", {"interval": "ALL", "format": "csv"}
        export(bench.session, url, {**params, "size": "10"})
        small_ms, small_rows = export(bench.session, url, {**params, "size": "1000"})
        small_peak = peak_rss_mb(worker)
        large_ms, large_rows = export(bench.session, url, {**params, "size": "100000"})
        large_peak = peak_rss_mb(worker)
    finally:
        stop_server(server)
    bench.add(f"CSV export {small_rows:,} rows", small_ms, f"peak RSS {small_peak:.1f} MB", 0, "", rows=small_rows)
    bench.add(f"CSV export {large_rows:,} rows", large_ms, f"peak RSS {large_peak:.1f} MB",
              large_peak / small_peak, "peak RSS within 1.5x of 1,000 rows", rows=large_rows)


def interleaved_medians(sends, repeat, block=1, on_sample=None):
    """Median ms of each request in `sends` (callables making one request each), measured
    in turn, `block` requests of each at a time, so that a busy moment of the machine slows
    each of them alike and their ratio stays fair. `on_sample(index, response)` sees each
    measured response after its time is taken."""
    samples = [[] for _ in sends]
    rounds = math.ceil(repeat / block)
    for round_number in range(rounds + 1):
        for index, (send, taken) in enumerate(zip(sends, samples)):
            for _ in range(block):
                started = time.perf_counter()
                response = send()
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                if round_number:  # the first round warms up
                    taken.append(elapsed)
                    if on_sample:
                        on_sample(index, response)
    return [statistics.median(taken) for taken in samples]


def deep_pages(bench, entries, last_of_299, database=""):
    """Page 300 of an event's entries, by page number and by last_id, against page 1, the
    three measured in alternating blocks."""
    def page(**params):
        return lambda: bench.session.get(bench.base + entries, params={**CLIENT, "size": "50", **params},
                                         auth=DIRECTOR, timeout=60)

    page_1, by_page, by_last_id = interleaved_medians([page(), page(page="300"), page(last_id=last_of_299)],
                                                      REPEAT, block=FLOOR_BLOCK)
    for label, measured in (("by page", by_page), ("by last_id", by_last_id)):
        bench.add(f"{database}entries page 300 {label}", measured, f"page 1 {page_1:.2f} ms", measured / page_1,
                  "within 1.5x page 1")


def bearer_against_test_scheme(bench, path):
    """The same 50-row page by an OAuth2 Bearer token (one token lookup per request) and by
    the test scheme (credentials remembered after the first check)."""
    reply = bench.session.get(f"{bench.base}/oauth2/token", auth=("demo-client", "demo-secret"), timeout=60,
                              params={"grant_type": "password", "username": DIRECTOR[0], "password": DIRECTOR[1]})
    reply.raise_for_status()
    url, page = bench.base + path, {"size": "50"}
    bearer = {"Authorization": f"Bearer {reply.json()['access_token']}"}
    by_bearer, by_test_scheme = interleaved_medians([
        lambda: bench.session.get(url, params=page, headers=bearer, timeout=60),
        lambda: bench.session.get(url, params={**CLIENT, **page, "user_id": DIRECTOR[0], "user_pass": DIRECTOR[1]},
                                  timeout=60),
    ], REPEAT)
    bench.add("entries size=50 by Bearer token", by_bearer, f"test scheme {by_test_scheme:.2f} ms",
              by_bearer / by_test_scheme, "within 1.3x test scheme", rows=50)


def docs_cases(bench, workdir):
    """Each documentation page (every guide and reference page from the sidebar, search, the
    OpenAPI document) for each kind of visitor (bench/docs_visitors.py: anonymous, the demo
    director, a fresh sign-up), against the floor serving the same bytes: the difference is
    what rendering the page costs on the server. Then the same pages asked for gzip: each
    must come compressed."""
    sidebar = bench.session.get(f"{bench.base}/", timeout=60).text
    pages = ["/", "/reference/", *dict.fromkeys(re.findall(r'href="(/(?:guides|reference)/[^"#]+)"', sidebar)),
             "/search?q=bib", "/search/results?q=bib", "/api/openapi.json"]
    for visitor, session in docs_visitors(bench.base, DIRECTOR, workdir / "mail").items():
        for page in pages:
            path, _, query = page.partition("?")
            params = dict([query.split("=")]) if query else {}
            bench.versus_floor(f"docs {page} ({visitor})", path, params, "<= 8 ms", repeat=DOCS_REPEAT, auth=None,
                               session=session)
        docs_compression_case(bench, visitor, session, pages)


def docs_compression_case(bench, visitor, session, pages):
    """Every docs page asked for gzip: how many came gzipped, their bytes against the
    uncompressed ones, and the median page's round trip compressed."""
    sizes, medians, compressed = [], [], 0
    for page in pages:
        url = bench.base + page
        plain = len(session.get(url, timeout=60).content)
        samples = []
        for _ in range(DOCS_REPEAT // 2):
            started = time.perf_counter()
            reply = session.get(url, headers={"Accept-Encoding": "gzip"}, timeout=60, stream=True)
            gzipped = len(reply.raw.read(decode_content=False))
            samples.append((time.perf_counter() - started) * 1000)
        compressed += reply.headers.get("Content-Encoding") == "gzip"
        sizes.append((plain, gzipped))
        medians.append(statistics.median(samples))
    plain, gzipped = (sum(size[i] for size in sizes) for i in (0, 1))
    bench.add(f"docs pages gzip, median page ({visitor})", statistics.median(medians),
              f"{compressed}/{len(pages)} gzipped, {plain / 1024:,.0f} -> {gzipped / 1024:,.0f} KB", gzipped / plain,
              "every page gzipped")


def in_process(env, module, *args):
    """The JSON object a bench module measuring in a process of its own prints last, run
    with the bench server's environment."""
    run = subprocess.run([sys.executable, "-m", module, *args], cwd=PROJECT, env=env, capture_output=True, text=True)
    if run.returncode:
        raise RuntimeError(f"{module} failed:\n{run.stderr[-3000:]}")
    return json.loads(run.stdout.splitlines()[-1])


def row_function_case(bench, env):
    """Serializing a 1,000-row results page with the generated row function of
    api/serialize.py against plain Python doing the same (bench/row_function.py): the
    measurement that keeps the generated code."""
    measured = in_process(env, "bench.row_function")
    bench.add(f"serializing {measured['rows']:,} results rows, generated row function", measured["generated"],
              f"plain {measured['plain']:.2f} ms", measured["generated"] / measured["plain"],
              "faster than plain, or no generated code", rows=measured["rows"])


def console_case(bench, env):
    """A 50-row page through the try-it console (an anonymous visitor's POST, the result
    panel back) against the same call made directly, with a token of the same account:
    the difference is the console's own work (form, checks, formatting, rendering). The
    console's floor (bench/console_floor.py) forwards the same form and returns the body
    as it came, so it shows what forwarding alone costs; the round trip minus the floor is
    the console's own work. The three are measured in alternating blocks, like a request and
    its floor. The same two through Django's test client, without HTTP, with the parts only
    the console does timed (bench/console_parts.py): what its own work is made of. Then
    click → result visible in Chromium, against Swagger UI making the same call
    (bench/console_click.py)."""
    session = requests.Session()
    session.get(f"{bench.base}/reference/entry", timeout=60).raise_for_status()  # the CSRF cookie
    reply = session.get(f"{bench.base}/oauth2/token", auth=("demo-client", "demo-secret"), timeout=60, params={
        "grant_type": "password", "username": "test-user@example.com", "password": "test-pass"})
    reply.raise_for_status()
    bearer = {"Authorization": f"Bearer {reply.json()['access_token']}", "Accept-Encoding": "identity"}
    events = session.get(f"{bench.base}/api/event", params=CLIENT, headers=bearer, timeout=60).json()["event"]
    event_id = next(e["event_id"] for e in events if e["event_name"] == "API Test Event 5K")
    query = {"size": "50", "include_test_entries": "1"}
    form = {"op": "get-event-entry", "env": "production", "scheme": "bearer", "p.event_id": event_id,
            "h.accept_encoding": "identity", "csrfmiddlewaretoken": session.cookies["csrftoken"],
            **{f"q.{name}": value for name, value in query.items()}}
    direct_url = f"{bench.base}/api/event/{event_id}/entry"
    rows = len(session.get(direct_url, params={**CLIENT, **query}, headers=bearer, timeout=60).json()["event_entry"])
    calls_shown = []  # the call's own time, as the result panel shows it

    def shown(index, response):
        if index == 0:
            calls_shown.append(float(CONSOLE_CALL_TIME.search(response.text).group(1)))

    console, floor, direct = interleaved_medians([
        lambda: session.post(f"{bench.base}/console/run", data=form, timeout=60, headers={"X-Console-Fragment": "1"}),
        lambda: session.post(f"{bench.base}/bench-console-floor", data=form, timeout=60),
        lambda: session.get(direct_url, params={**CLIENT, **query}, headers=bearer, timeout=60),
    ], REPEAT, block=FLOOR_BLOCK, on_sample=shown)
    call = statistics.median(calls_shown)
    bench.add(f"console call, {rows}-row page (time shown)", call, f"direct {direct:.2f} ms", call / direct, "",
              rows=rows)
    bench.add(f"console floor (forwarding only), {rows}-row page", floor, f"direct {direct:.2f} ms", floor / direct,
              "", rows=rows)
    bench.add(f"console round trip, {rows}-row page", console, f"direct {direct:.2f} ms", console / direct, "",
              rows=rows)
    bench.add(f"console's own work (round trip - floor), {rows}-row page", console - floor, f"floor {floor:.2f} ms", 0,
              "<= 2 ms", rows=rows)
    parts = in_process(env, "bench.console_parts", bench.base, json.dumps(form))
    bench.add(f"console's own work in process (Django test client), {rows}-row page", parts["console"] - parts["floor"],
              f"floor {parts['floor']:.2f} ms", 0, "", rows=rows)
    for label, part in (("formatting the body", "formatted"), ("rendering the result", "render")):
        bench.add(f"  of it: {label}", parts[f"console {part}"], "", 0, "")
    compressing = parts["console padded_gzip"] - parts["floor padded_gzip"]
    bench.add("  of it: compressing the page (beyond the floor's)", compressing, "", 0, "")
    bench.add("  for scale: json.loads + json.dumps(indent=2) of the body", parts["json.dumps indent=2"],
              f"formatting {parts['console formatted']:.2f} ms", 0, "")
    ours, swagger = click_to_result(bench.base, reply.json()["access_token"], event_id, CLICK_REPEAT)
    bench.add(f"click -> result visible, {rows}-row page, Chromium", ours, f"Swagger UI {swagger:.2f} ms",
              ours / swagger, "ours no slower")


def run_cases(bench, env, workdir):
    event_id, race_id, last_of_299 = read_ids(bench.session, bench.base)
    results, entries = f"/api/race/{race_id}/results", f"/api/event/{event_id}/entry"
    bench.versus_floor("results size=50", results, {**CLIENT, "size": "50"}, "within 2x floor", rows=50)
    bench.versus_floor("results size=1000", results, {**CLIENT, "size": "1000"}, ">= 50,000 rows/s", rows=1000,
                       repeat=50)
    bench.versus_floor("event entries size=50", entries, {**CLIENT, "size": "50"}, "within 2x floor", rows=50)
    format_cases(bench, results)
    row_function_case(bench, env)
    export_memory_case(bench, env, event_id)
    deep_pages(bench, entries, last_of_299)
    bearer_against_test_scheme(bench, entries)
    guessing_case(bench, env, entries, CLIENT, DIRECTOR, REPEAT)
    remembered = bench.api(entries, {"size": "50"})
    cold_port = free_port()
    cold_server = start_server({**env, "API_CREDENTIAL_MEMO_SECONDS": "0"}, cold_port, workers=1, threads=2)
    try:
        cold = median_ms(bench.session, f"http://127.0.0.1:{cold_port}{entries}", {**CLIENT, "size": "50"}, 10)
    finally:
        stop_server(cold_server)
    bench.add("Basic auth, password hashed each time", cold, f"remembered {remembered:.2f} ms",
              cold / remembered, "remembered is the cheap one")
    docs_cases(bench, workdir)
    console_case(bench, env)
    log_cost_case(bench, env, entries, REPEAT)


def big_and_deep_pages(bench, database):
    """The rows of run_cases that depend most on the database, for the second one: the
    1000-row results page against the floor and in every format, and page 300 of entries."""
    event_id, race_id, last_of_299 = read_ids(bench.session, bench.base)
    results = f"/api/race/{race_id}/results"
    bench.versus_floor(f"{database}results size=1000", results, {**CLIENT, "size": "1000"}, ">= 50,000 rows/s",
                       rows=1000, repeat=50)
    format_cases(bench, results, database)
    deep_pages(bench, f"/api/event/{event_id}/entry", last_of_299, database)


def path_ids(session, base, grown_race):
    """An id of every resource that may stand in a path, found through the API: the event
    and race grown through the API, and for the rest entities of the demo marathon that
    have something under them."""
    def rows(path, envelope):
        reply = session.get(base + path, params={**CLIENT, "size": "1000"}, auth=DIRECTOR, timeout=120)
        reply.raise_for_status()
        return reply.json()[envelope]

    event_id, _race, _last = read_ids(session, base)
    point = next(p for p in rows(f"/api/event/{event_id}/timing-point", "event_timing_point")
                 if rows(f"/api/timing-point/{p['timing_point_id']}/timing-device", "timing_point_timing_device"))
    device = rows(f"/api/timing-point/{point['timing_point_id']}/timing-device", "timing_point_timing_device")[0]
    group = next(g for g in rows(f"/api/event/{event_id}/groups", "event_group")
                 if rows(f"/api/groups/{g['group_id']}/entry", "group_entry"))
    member = rows(f"/api/groups/{group['group_id']}/entry", "group_entry")[0]
    return {
        "event": event_id, "race": grown_race, "entry": member["entry_id"], "athlete": member["athlete_id"],
        "interval": next(i["interval_id"] for i in rows(f"/api/race/{grown_race}/interval", "race_interval")
                         if i["interval_is_full"] == "1"),
        "bracket": rows(f"/api/race/{grown_race}/bracket", "race_bracket")[0]["bracket_id"],
        "wave": rows(f"/api/event/{event_id}/wave", "event_wave")[0]["wave_id"],
        "timing-point": point["timing_point_id"], "timing-device": device["timing_device_id"],
        "timing-mat": rows(f"/api/timing-device/{device['timing_device_id']}/timing-mat", "timing_mat")[0][
            "timing_mat_id"],
        "groups": group["group_id"],
    }


def get_operations():
    """Every GET operation of the registry (api/operations.py), read in the bench's process."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from api.operations import all_operations

    return [(op.path, op.many, (op.parent or op.resource).segment,
             next((p.name for p in op.parameters if p.location == "path"), None))
            for op in all_operations() if op.method == "GET"]


def concrete_path(template, owner, parameter, ids):
    return template.replace("{" + parameter + "}", str(ids[owner])) if parameter else template


def every_get_case(bench, database, ids, target):
    """Each GET operation of the registry, a 50-row page of lists, against the floor, in
    blocks of EVERY_GET_BLOCK: with fewer samples per operation than the other rows, blocks
    of 25 gave two blocks each, and one busy second of the machine decided a ratio."""
    for template, many, owner, parameter in get_operations():
        path = concrete_path(template, owner, parameter, ids)
        params = {**CLIENT, "size": "50"} if many else CLIENT
        bench.versus_floor(f"{database} GET {template}" + (" size=50" if many else ""), path, params, target,
                           rows=50 if many else 0, repeat=max(50, REPEAT // 4), block=EVERY_GET_BLOCK)


def grow(base):
    """The marathon event grown through the API by a race of BENCH_GROWTH entries with results."""
    race_id, _entries, _interval, _seconds = writes.grown_race(base)
    return race_id


def side_by_side(bench, sqlite_base, postgres_base, sqlite_ids, postgres_ids):
    """The same 50-row pages on PostgreSQL and on SQLite, measured in alternating blocks."""
    for label, template in (("entries", "/api/race/{race}/entry"), ("results", "/api/race/{race}/results"),
                            ("event athletes", "/api/event/{event}/athlete")):
        urls = [base + template.format(**ids) for base, ids in ((postgres_base, postgres_ids),
                                                                 (sqlite_base, sqlite_ids))]
        postgres, sqlite = interleaved_medians(
            [lambda url=url: bench.session.get(url, params={**CLIENT, "size": "50"}, auth=DIRECTOR, timeout=60)
             for url in urls], REPEAT, block=FLOOR_BLOCK)
        bench.add(f"PostgreSQL {label} size=50 (grown race)", postgres, f"SQLite {sqlite:.2f} ms", postgres / sqlite,
                  "within 1.3x SQLite", rows=50)


def main():
    postgres_url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="ctlive-bench-") as tmp:
        workdir = Path(tmp)
        env = prepare_database(workdir, f"sqlite:///{workdir / 'bench.sqlite3'}")
        port = free_port()
        server = start_server(env, port, workers=1, threads=2)
        bench = Bench(f"http://127.0.0.1:{port}", workdir / "floor")
        postgres = None
        try:
            run_cases(bench, env, workdir)
            sqlite_ids = path_ids(bench.session, bench.base, grow(bench.base))
            every_get_case(bench, "SQLite", sqlite_ids, "within 2x floor")
            if postgres_url.startswith("postgres"):
                postgres_port = free_port()
                postgres = start_server(prepare_database(workdir, postgres_url), postgres_port, workers=1, threads=2)
                postgres_base = f"http://127.0.0.1:{postgres_port}"
                postgres_bench = Bench(postgres_base, workdir / "floor")
                big_and_deep_pages(postgres_bench, "PostgreSQL ")
                postgres_ids = path_ids(postgres_bench.session, postgres_base, grow(postgres_base))
                every_get_case(postgres_bench, "PostgreSQL", postgres_ids, "within 3x floor")
                bench.rows += postgres_bench.rows
                side_by_side(bench, bench.base, postgres_base, sqlite_ids, postgres_ids)
        finally:
            stop_server(server)
            if postgres is not None:
                stop_server(postgres)
            print(bench.table(), file=sys.stderr)  # what was measured, also when a case failed
    report = f"make bench (BENCH_SCALE={SCALE}, repeat={REPEAT}, {os.cpu_count()} cores)\n\n{bench.table()}\n"
    print(report)
    results_dir = PROJECT / "bench" / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / f"reads-scale-{SCALE}.txt").write_text(report)


if __name__ == "__main__":
    main()
