"""Write throughput: a 10,000-entry POST applied synchronously (threshold raised) and the
same POST as a 202 job run by `manage.py job_worker`, on the database DATABASE_URL names
(SQLite by default; `make bench` runs it on PostgreSQL too). Target: 5,000 entries/s or
more synchronous on SQLite."""
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from tests.served import PROJECT, free_port, start_server, stop_server

ENTRIES = int(os.environ.get("BENCH_WRITE_ENTRIES", "10000"))
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


def synchronous(base):
    race_id = new_race(base, "Bench sync")
    started = time.perf_counter()
    response = requests.post(f"{base}/api/race/{race_id}/entry", params=CLIENT, auth=DIRECTOR, timeout=600,
                             json=entries_body("S"))
    elapsed = time.perf_counter() - started
    replies = response.json()["race_entry"]
    assert response.status_code == 200 and sum(r["status"] == "created" for r in replies) == ENTRIES
    return elapsed


def as_job(base, env):
    race_id = new_race(base, "Bench job")
    worker = subprocess.Popen([sys.executable, "manage.py", "job_worker", "--poll", "0.05", "-v0"], cwd=PROJECT,
                              env=env)
    try:
        started = time.perf_counter()
        response = requests.post(f"{base}/api/race/{race_id}/entry", params=CLIENT, auth=DIRECTOR, timeout=600,
                                 json=entries_body("J"))
        assert response.status_code == 202, response.text
        location = response.headers["Location"]
        while requests.get(location, params=CLIENT, auth=DIRECTOR, timeout=60).json()["job"]["job_status"] != "done":
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(30)


def measure():
    with tempfile.TemporaryDirectory(prefix="ctlive-bench-writes-") as tmp:
        workdir = Path(tmp)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ctlive.settings", "CACHE_DIR": str(workdir / "cache"),
               "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'writes.sqlite3'}")}
        for command in (["migrate", "--noinput", "-v0"], ["seed_demo", "--scale", "0.01", "-v0"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=PROJECT, env=env, check=True)
        database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
        rows = []
        port = free_port()
        server = start_server({**env, "API_ASYNC_THRESHOLD": str(ENTRIES * 2)}, port, workers=1, threads=2)
        try:
            seconds = synchronous(f"http://127.0.0.1:{port}")
        finally:
            stop_server(server)
        rows.append((f"POST {ENTRIES:,} entries, synchronous, {database}", seconds))
        port = free_port()
        server = start_server(env, port, workers=1, threads=2)
        try:
            seconds = as_job(f"http://127.0.0.1:{port}", env)
        finally:
            stop_server(server)
        rows.append((f"POST {ENTRIES:,} entries as a 202 job, {database}", seconds))
        return rows


def main():
    lines = [f"{label}: {seconds:.2f} s, {ENTRIES / seconds:,.0f} entries/s" for label, seconds in measure()]
    report = "\n".join(lines) + "\n"
    print(report)
    results = PROJECT / "bench" / "results"
    results.mkdir(exist_ok=True)
    name = "writes-postgres.txt" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "writes-sqlite.txt"
    (results / name).write_text(report)


if __name__ == "__main__":
    main()
