"""Writes: a 10,000-entry POST applied synchronously (threshold raised) and the same POST as
a 202 job run by `manage.py job_worker`; a 10,000-result upload; one-entity writes on a
race grown through the API to 20,000 entries with results, alone and beside 30 concurrent
writers of another race. On the database DATABASE_URL names (SQLite by default; `make
bench` runs it on PostgreSQL too). BENCH_WRITES=jobs runs only the job rows,
BENCH_WRITES=grown only the upload and the one-entity writes of the grown race (no
concurrency rows), to iterate on them."""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.served import PROJECT, free_port, start_server, stop_server

ENTRIES = int(os.environ.get("BENCH_WRITE_ENTRIES", "10000"))
BIG_RACE = int(os.environ.get("BENCH_BIG_RACE_ENTRIES", "20000"))
SMALL_WRITES = int(os.environ.get("BENCH_SMALL_WRITES", "60"))
CONCURRENT_WRITERS = 30
SPREAD = 7919  # a prime stride: the rank-moving PUTs fall all over the race, fast finishers and slow
CONCURRENCY_ROUNDS = int(os.environ.get("BENCH_CONCURRENCY_ROUNDS", "8"))
# The grown race is served as production is (README, "Production deployment": four
# workers of eight threads), so 30 concurrent writers are all served at once.
WEB_WORKERS, WEB_THREADS = 4, 8
JOB_ROUNDS = int(os.environ.get("BENCH_JOB_ROUNDS", "5"))
JOB_WARM_UP = 1001  # just over the default API_ASYNC_THRESHOLD
WORKER_POLL = 0.05  # seconds between a worker's looks at the queue (`job_worker --poll`)
CLIENT_POLL = float(os.environ.get("BENCH_JOB_CLIENT_POLL", "0.05"))  # seconds between the client's status reads
ONLY_JOBS = os.environ.get("BENCH_WRITES") == "jobs"
ONLY_GROWN = os.environ.get("BENCH_WRITES") == "grown"
CLIENT = {"client_id": "demo-client"}
DIRECTOR = ("director@example.com", "director-pass")


def new_race(base, name):
    events = requests.get(f"{base}/api/event", params=CLIENT, auth=DIRECTOR, timeout=60).json()["event"]
    event_id = next(e["event_id"] for e in events if "Marathon" in e["event_name"])
    reply = requests.post(f"{base}/api/event/{event_id}/race", params=CLIENT, auth=DIRECTOR, timeout=60,
                          json={"race_name": name}).json()
    return reply["event_race"][0]["race_id"]


def entries_body(prefix):
    return [{"athlete_first_name": f"Bench{i}", "athlete_last_name": prefix, "athlete_sex": "MF"[i % 2],
             "entry_bib": f"{prefix}{i}", "entry_race_age": str(18 + i % 60)} for i in range(ENTRIES)]


def post_entries(base, race_id, body):
    """(seconds, entry ids) of one synchronous POST of entries."""
    started = time.perf_counter()
    response = requests.post(f"{base}/api/race/{race_id}/entry", params=CLIENT, auth=DIRECTOR, timeout=600,
                             json=body)
    elapsed = time.perf_counter() - started
    replies = response.json()["race_entry"]
    assert response.status_code == 200 and sum(r["status"] == "created" for r in replies) == len(body)
    return elapsed, [r["entry_id"] for r in replies]


def full_course(base, race_id):
    """The race's full-course interval, made through the API."""
    reply = requests.post(f"{base}/api/race/{race_id}/interval", params=CLIENT, auth=DIRECTOR, timeout=60,
                          json={"interval_name": "Full course", "interval_is_full": "1", "interval_distance": "10000"})
    return reply.json()["race_interval"][0]["interval_id"]


def upload(base, race_id, entry_ids, interval_id, shift=0):
    """Seconds of one results upload: a finish time for each entry (a tie every 7th)."""
    body = [{"results_entry_id": entry_id, "results_interval_id": interval_id, "results_begin_chip_time": "1780000000",
             "results_end_chip_time": str(1780000000 + 2400 + (index // 7) * 3 + shift)}
            for index, entry_id in enumerate(entry_ids)]
    started = time.perf_counter()
    response = requests.post(f"{base}/api/race/{race_id}/results", params=CLIENT, auth=DIRECTOR, timeout=600,
                             json=body)
    assert response.status_code == 200, response.text[:300]
    return time.perf_counter() - started


def grown_race(base):
    """A race grown through the API to BIG_RACE entries, each with a finish time and an
    OPEN and a SEX bracket; (race id, entry ids, interval id, seconds of the last 10,000-result upload)."""
    race_id = new_race(base, "Bench big race")
    for bracket in ({"bracket_name": "Overall", "bracket_type": "OPEN"},
                    {"bracket_name": "Women", "bracket_type": "SEX", "bracket_sex": "F"}):
        requests.post(f"{base}/api/race/{race_id}/bracket", params=CLIENT, auth=DIRECTOR, timeout=60,
                      json=bracket).raise_for_status()
    interval_id = full_course(base, race_id)
    entry_ids, seconds = [], 0.0
    for start in range(0, BIG_RACE, ENTRIES):
        body = [{**entity, "entry_bib": f"B{start + i}"} for i, entity in enumerate(entries_body("B"))]
        entry_ids += post_entries(base, race_id, body[:BIG_RACE - start])[1]
    for start in range(0, len(entry_ids), ENTRIES):
        seconds = upload(base, race_id, entry_ids[start:start + ENTRIES], interval_id, shift=start)
    return race_id, entry_ids, interval_id, seconds


def rank_moving_status(n):
    """The status of the n-th rank-moving PUT of an entry: DNF, then back to CONF, so that
    every write of a pair moves ranks (a CONF sent to an entry already CONF moves none)."""
    return "DNF" if n % 2 == 0 else "CONF"


class Failures:
    """Every answer but a 200, by kind: a 5xx, a 503 (SQLite's busy answer), a "database is
    locked" in the body, or no answer at all."""

    def __init__(self):
        self.seen = []

    def check(self, response):
        if response.status_code != 200:
            self.seen.append(f"{response.status_code} {response.headers.get('Content-Type')} {response.text[:80]}")

    def summary(self):
        kinds = {"5xx": sum(s[0] == "5" for s in self.seen), "503": sum(s.startswith("503") for s in self.seen),
                 "database is locked": sum("is locked" in s for s in self.seen)}
        text = f"failures: {len(self.seen)} ({', '.join(f'{kind} {count}' for kind, count in kinds.items())})"
        return text + (f", first: {self.seen[0]}" if self.seen else "")


def one_entity_writes(base, race_id, entry_ids, interval_id):
    """Each kind of one-entity write on the grown race: name, {label: [ms]}. Status changes
    and new times move ranks; renames and new entries do not touch them."""
    session = requests.Session()
    session.auth = DIRECTOR
    middle = entry_ids[len(entry_ids) // 2]
    kinds = {
        "PUT entry name": lambda n: session.put(f"{base}/api/entry/{entry_ids[n]}", params=CLIENT, timeout=60,
                                                json={"entry_name": f"Renamed {n}"}),
        "PUT entry status (rank moves)": lambda n: session.put(
            f"{base}/api/entry/{entry_ids[(n // 2) * SPREAD % len(entry_ids)]}", params=CLIENT, timeout=60,
            json={"entry_status": rank_moving_status(n)}),
        "POST one new entry": lambda n: session.post(f"{base}/api/race/{race_id}/entry", params=CLIENT, timeout=60,
                                                     json={"athlete_first_name": "Late", "athlete_last_name": str(n),
                                                           "entry_bib": f"L{n}"}),
        "POST one result (rank moves)": lambda n: session.post(
            f"{base}/api/race/{race_id}/results", params=CLIENT, timeout=60,
            json={"results_entry_id": middle, "results_interval_id": interval_id,
                  "results_end_chip_time": str(1780000000 + 1800 + (n % 2) * 1500)}),
    }
    times = {label: [] for label in kinds}
    failures = Failures()
    for n in range(SMALL_WRITES):  # the kinds alternate, so slow moments of the VM fall on all alike
        for label, send in kinds.items():
            started = time.perf_counter()
            response = send(n)
            times[label].append((time.perf_counter() - started) * 1000)
            failures.check(response)
    return times, failures


def concurrent_writers(base, race_id, entry_ids, rounds=CONCURRENCY_ROUNDS):
    """30 writers of another race, each sending one one-entity PUT at once, alone (control)
    and beside one rank-moving PUT of the grown race sent just before them, in alternating
    rounds: what the others wait behind the rank-moving write is the difference between
    their slowest in the two kinds of round, not the queue the 30 make by themselves. The
    rank-moving PUTs set one of the fastest finishers DNF and back, so each shifts almost
    every rank of the race (the worst case). {"control": [slowest ms per round], "beside":
    [...], "rank writer": [ms]}, Failures."""
    other_race = new_race(base, "Bench other race")
    _seconds, others = post_entries(base, other_race, [{**e, "entry_bib": f"O{i}"}
                                                      for i, e in enumerate(entries_body("O")[:CONCURRENT_WRITERS])])
    failures = Failures()
    slowest = {"control": [], "beside": [], "rank writer": []}

    def write(url, body):
        started = time.perf_counter()
        try:
            response = requests.put(url, params=CLIENT, auth=DIRECTOR, timeout=120, json=body)
        except requests.RequestException as problem:
            failures.seen.append(f"no answer: {problem.__class__.__name__}")
        else:
            failures.check(response)
        return (time.perf_counter() - started) * 1000

    with ThreadPoolExecutor(CONCURRENT_WRITERS + 1) as pool:
        for round_number in range(2 * rounds + 1):  # round 0 warms every thread and connection up
            beside = round_number % 2 == 0
            moves = round_number // 2
            rank_job = None
            if beside:
                rank_job = pool.submit(write, f"{base}/api/entry/{entry_ids[(moves // 2) * 31]}",
                                       {"entry_status": rank_moving_status(moves)})
            jobs = [pool.submit(write, f"{base}/api/entry/{entry_id}", {"entry_tag": f"T{round_number}"})
                    for entry_id in others]
            times = [job.result() for job in jobs]
            rank_ms = rank_job.result() if rank_job else None
            if round_number:
                slowest["beside" if beside else "control"].append(max(times))
                if rank_ms is not None:
                    slowest["rank writer"].append(rank_ms)
    return slowest, failures


def concurrency_line(database, race_size, slowest, failures):
    control, beside = (statistics.median(slowest[kind]) for kind in ("control", "beside"))
    return (f"{CONCURRENT_WRITERS} writers of another race, alone and beside a rank-moving PUT on the "
            f"{race_size:,}-entry race, {database}, {len(slowest['beside'])} rounds of each alternating: slowest other "
            f"median {control:.1f} ms alone, {beside:.1f} ms beside it (max {max(slowest['control']):.1f} / "
            f"{max(slowest['beside']):.1f} ms); waited behind it {beside - control:.1f} ms (target: <= 100 ms); "
            f"rank writer median {statistics.median(slowest['rank writer']):.1f} ms; {failures.summary()}")


def start_worker(env):
    return subprocess.Popen([sys.executable, "manage.py", "job_worker", "--poll", str(WORKER_POLL), "-v0"],
                            cwd=PROJECT, env=env)


def warm_up(base):
    """One job first, so that neither the worker's start-up nor its first imports are
    timed: a deployment keeps its workers running."""
    body = [{**entity, "entry_bib": f"W{i}"} for i, entity in enumerate(entries_body("W")[:JOB_WARM_UP])]
    job_seconds(base, new_race(base, "Bench job warm-up"), body)


def job_seconds(base, race_id, body):
    """Seconds from sending the POST to the first read of the job that says done, which
    carries every entity's reply (as the synchronous POST's answer does); the client reads
    every CLIENT_POLL seconds."""
    session = requests.Session()
    session.auth = DIRECTOR
    started = time.perf_counter()
    response = session.post(f"{base}/api/race/{race_id}/entry", params=CLIENT, timeout=600, json=body)
    assert response.status_code == 202, response.text
    location = response.headers["Location"]
    while (job := session.get(location, params=CLIENT, timeout=60).json()["job"])["job_status"] != "done":
        time.sleep(CLIENT_POLL)
    assert sum(entity["status"] == "created" for entity in job["results"]) == len(body), job["job_status"]
    return time.perf_counter() - started


def job_rows(env):
    """(synchronous seconds, job seconds) of the same POST of ENTRIES entries, each the
    median of JOB_ROUNDS runs made in turn (a new race each time): the synchronous one on a
    server whose threshold is raised above ENTRIES, the job on one with the default
    threshold, its worker already running and polling every WORKER_POLL seconds; then, the
    worker stopped, (status ms, one-row list ms) of `status_against_small_list`."""
    sync_port, job_port = free_port(), free_port()
    sync_server = start_server({**env, "API_ASYNC_THRESHOLD": str(ENTRIES * 2)}, sync_port, workers=1, threads=2)
    job_server = start_server(env, job_port, workers=1, threads=2)
    sync_base, job_base = f"http://127.0.0.1:{sync_port}", f"http://127.0.0.1:{job_port}"
    worker = start_worker(env)
    try:
        warm_up(job_base)
        sync, job = [], []
        for round_number in range(JOB_ROUNDS):
            sync.append(post_entries(sync_base, new_race(sync_base, "Bench sync"), entries_body(f"S{round_number}-"))[0])
            job.append(job_seconds(job_base, new_race(job_base, "Bench job"), entries_body(f"J{round_number}-")))
        worker.terminate()
        worker.wait(30)
        worker = None
        status, small_list = status_against_small_list(job_base)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        stop_server(sync_server)
        stop_server(job_server)
    return statistics.median(sync), statistics.median(job), status, small_list


def status_against_small_list(base):
    """Median ms of reading a queued job's status (a short answer that must not load the
    stored request of ENTRIES entities; no worker runs, so it stays queued) and of a
    one-row list, in alternating blocks. A finished job's answer lists every entity's
    reply, so it is no status read."""
    from bench.__main__ import interleaved_medians

    response = requests.post(f"{base}/api/race/{new_race(base, 'Bench queued job')}/entry", params=CLIENT,
                             auth=DIRECTOR, timeout=600, json=entries_body("Q"))
    assert response.status_code == 202, response.text
    location = response.headers["Location"]
    session = requests.Session()
    status, small_list = interleaved_medians([
        lambda: session.get(location, params=CLIENT, auth=DIRECTOR, timeout=60),
        lambda: session.get(f"{base}/api/event", params={**CLIENT, "size": "1"}, auth=DIRECTOR, timeout=60),
    ], 100, block=25)
    return status, small_list


def measure():
    with tempfile.TemporaryDirectory(prefix="ctlive-bench-writes-") as tmp:
        workdir = Path(tmp)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ctlive.settings", "CACHE_DIR": str(workdir / "cache"),
               "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'writes.sqlite3'}")}
        for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--scale", "0.01", "-v0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=PROJECT, env=env, check=True)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        rows, lines = [], []
        if not ONLY_GROWN:
            sync_seconds, job_seconds_taken, status, small_list = job_rows(env)
            rows.append((f"POST {ENTRIES:,} entries, synchronous, {database}", sync_seconds))
            rows.append((f"POST {ENTRIES:,} entries as a 202 job, {database}", job_seconds_taken))
            lines.append(f"202 job against the synchronous POST, {database}: {job_seconds_taken / sync_seconds:.2f}x "
                         f"per entity, medians of {JOB_ROUNDS} of each in turn, from the POST to the job read saying "
                         f"done (worker polling every {WORKER_POLL} s, client every {CLIENT_POLL} s) (target: within "
                         "1.3x)")
            lines.append(f"GET of a queued {ENTRIES:,}-entity job's status, {database}: median {status:.2f} ms against "
                         f"a one-row list {small_list:.2f} ms, {status / small_list:.2f}x (target: within 1.5x)")
        if ONLY_JOBS:
            return rows, lines
        port = free_port()
        server = start_server({**env, "API_ASYNC_THRESHOLD": str(ENTRIES * 2)}, port, workers=WEB_WORKERS,
                              threads=WEB_THREADS)
        try:
            base = f"http://127.0.0.1:{port}"
            race_id, entry_ids, interval_id, upload_seconds = grown_race(base)
            small, small_failures = one_entity_writes(base, race_id, entry_ids, interval_id)
            slowest, failures = (None, None) if ONLY_GROWN else concurrent_writers(base, race_id, entry_ids)
        finally:
            stop_server(server)
        rows.append((f"POST {ENTRIES:,} results (upload), {database}", upload_seconds))
        for label, samples in small.items():
            lines.append(f"{label}, {len(entry_ids):,}-entry race, {database}: median {statistics.median(samples):.1f} ms, "
                         f"max {max(samples):.1f} ms (target: median <= 20 ms)")
        lines.append(f"One-entity writes above, {database}: {small_failures.summary()}")
        if slowest is not None:
            lines.append(concurrency_line(database, len(entry_ids), slowest, failures))
        return rows, lines


def main():
    rows, measured = measure()
    lines = [f"{label}: {seconds:.2f} s, {ENTRIES / seconds:,.0f} entities/s" for label, seconds in rows] + measured
    report = "\n".join(lines) + "\n"
    print(report)
    results = PROJECT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = "writes-postgres.txt" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "writes-sqlite.txt"
    (results / name).write_text(report)


if __name__ == "__main__":
    main()
